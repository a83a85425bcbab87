package slack

// Forms as Slack modals: views.open with the request's trigger_id, and the view_submission that comes back,
// answered with response_action "errors" (the modal stays open, filled in, the problems beside their
// fields) or by closing the modal and telling the member privately (chat.postEphemeral: a view_submission
// has no response_url).

import (
	"context"
	"encoding/json"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/redact"
)

// Slack's limits for a modal: a title of 24 characters, a placeholder of 150, an input of 3,000.
const (
	maxViewTitle   = 24
	maxPlaceholder = 150
	maxInputValue  = 3000
	formCallback   = "studybot_form"
)

// formMeta is what a modal carries in its private_metadata: the form's action and the channel it was
// opened from, which a view_submission does not name.
type formMeta struct {
	Action  string `json:"a"`
	Channel string `json:"c"`
}

// modalView renders a form as a modal: an input block per field (block and action id the field's name),
// filled in with what the member typed before.
func modalView(f *bot.Form, channel string) (slack.ModalViewRequest, error) {
	meta, err := json.Marshal(formMeta{Action: f.Submit.Encode(), Channel: channel})
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	v := slack.ModalViewRequest{Type: slack.VTModal, CallbackID: formCallback, PrivateMetadata: string(meta),
		Title:  slack.NewTextBlockObject(slack.PlainTextType, bot.Truncate(f.Title, maxViewTitle), false, false),
		Submit: slack.NewTextBlockObject(slack.PlainTextType, "Send", false, false),
		Close:  slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false)}
	for _, x := range f.Fields {
		var ph *slack.TextBlockObject
		if x.Placeholder != "" {
			ph = slack.NewTextBlockObject(slack.PlainTextType, bot.Truncate(x.Placeholder, maxPlaceholder), false, false)
		}
		in := slack.NewPlainTextInputBlockElement(ph, x.Name)
		in.InitialValue = bot.Truncate(x.Value, maxInputValue)
		in.Multiline = x.Long
		if x.Max > 0 {
			in.MaxLength = min(x.Max, maxInputValue)
		}
		label := slack.NewTextBlockObject(slack.PlainTextType, x.Label, false, false)
		v.Blocks.BlockSet = append(v.Blocks.BlockSet, slack.NewInputBlock(x.Name, label, nil, in).WithOptional(!x.Required))
	}
	return v, nil
}

// openForm opens a reply's form as a modal with trigger; it reports whether it could. A trigger_id lasts
// three seconds, so a reply that came later is told as its text (with the button that opens the form).
func (a *Adapter) openForm(ctx context.Context, trigger, channel string, f *bot.Form) bool {
	if trigger == "" {
		return false
	}
	view, err := modalView(f, channel)
	if err == nil {
		_, err = a.api.OpenViewContext(ctx, trigger, view)
	}
	if err != nil {
		a.log.WarnContext(ctx, "slack views.open failed; the form's text stands in", redact.Err(err))
		return false
	}
	return true
}

// HandleViewSubmission runs a submitted modal through the core and returns what to answer Slack with: a
// response_action "errors" when the core names problems by field (the modal stays open, as filled in),
// else nil, which closes the modal; the core's reply then goes to the member privately in the channel the
// form was opened from.
func (a *Adapter) HandleViewSubmission(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	var meta formMeta
	if cb.View.CallbackID != formCallback || json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) != nil {
		return nil
	}
	act, err := bot.DecodeAction(meta.Action)
	if err != nil {
		return nil
	}
	fields := map[string]string{}
	for block, acts := range cb.View.State.Values {
		if v, ok := acts[block]; ok {
			fields[block] = v.Value
		}
	}
	team := firstNonEmpty(cb.Team.ID, cb.User.TeamID)
	user := cb.User.ID
	cmd := act.Command(bot.ChannelRef{Platform: bot.PlatformSlack, GroupID: team, ChannelID: meta.Channel},
		bot.User{ID: user, Name: firstNonEmpty(cb.User.Name, user)})
	cmd.Fields, cmd.Request = fields, cb.TriggerID
	var resp *slack.ViewSubmissionResponse
	tell := func(ctx context.Context, r bot.Reply) { a.tellPrivately(ctx, meta.Channel, user, r) }
	a.deadline(a.core.HandleErr).Answer(ctx, cmd, bot.Exchange{
		Kind: "form",
		InTime: func(r bot.Reply) {
			if len(r.FieldErrors) > 0 {
				resp = &slack.ViewSubmissionResponse{ResponseAction: slack.RAErrors, Errors: r.FieldErrors}
				return
			}
			a.work.Go(ctx, func() { tell(context.WithoutCancel(ctx), r) })
		},
		Later: tell,
	})
	return resp
}

// tellPrivately shows a reply to one member in a channel (chat.postEphemeral).
func (a *Adapter) tellPrivately(ctx context.Context, channel, user string, r bot.Reply) {
	msg := toMsg(r)
	err := a.call(ctx, func() error {
		_, err := a.api.PostEphemeralContext(ctx, channel, user, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks.BlockSet...))
		return err
	})
	if err != nil {
		a.log.ErrorContext(ctx, "slack ephemeral reply failed", "channel", channel, redact.Err(err))
	}
}
