package console

import (
	"context"
	"fmt"

	"github.com/studybot/studybot/bot"
)

// PostThread implements bot.Threader: the discussion's lines appear indented, headed by its title (which
// names the question). The outbox queues a thread once its reveal is delivered, behind what the channel
// was already owed, so in the console it follows the next question's card.
func (c *Console) PostThread(_ context.Context, ch bot.ChannelRef, d bot.Discussion, msg bot.Reply, _ bot.Send) (string, error) {
	c.mu.Lock()
	c.cards++
	id := fmt.Sprintf("msg-%d", c.cards)
	c.mu.Unlock()
	c.printf("[#%s %s] └ thread under the reveal · %s\n%s\n", ch.ChannelID, c.clock.Now().In(c.zone).Format("Mon 15:04"), d.Title, indent(Render(msg), "    "))
	return id, nil
}

var _ bot.Threader = (*Console)(nil)
