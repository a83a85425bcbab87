package discord

// Forms as Discord's modals: the response that opens one (type 9), and the MODAL_SUBMIT interaction
// (type 5) that comes back with what the member typed.

import (
	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

// Discord's limits for a modal: five text inputs at most; a title and a label of 45 characters, a
// placeholder of 100, a value of 4,000.
const (
	maxModalInputs = 5
	maxModalTitle  = 45
	maxInputLabel  = 45
	maxPlaceholder = 100
	maxInputValue  = 4000
)

// modal renders a form as the response that opens a modal: its custom_id is the form's Submit action, and
// each field is a text input in an action row of its own, filled in with what the member typed before.
func modal(f *bot.Form) *discordgo.InteractionResponse {
	var rows []discordgo.MessageComponent
	for i, x := range f.Fields {
		if i == maxModalInputs {
			break
		}
		in := discordgo.TextInput{CustomID: x.Name, Label: bot.Truncate(x.Label, maxInputLabel), Style: discordgo.TextInputShort,
			Placeholder: bot.Truncate(x.Placeholder, maxPlaceholder), Value: bot.Truncate(x.Value, maxInputValue), Required: x.Required}
		if x.Long {
			in.Style = discordgo.TextInputParagraph
		}
		if x.Max > 0 {
			in.MaxLength = min(x.Max, maxInputValue)
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}})
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: f.Submit.Encode(), Title: bot.Truncate(f.Title, maxModalTitle), Components: rows}}
}

// submitted reads a MODAL_SUBMIT interaction: the form's action, from the modal's custom_id, and the value
// of each text input by its custom_id.
func submitted(data discordgo.ModalSubmitInteractionData) (bot.Action, map[string]string, error) {
	act, err := bot.DecodeAction(data.CustomID)
	if err != nil {
		return bot.Action{}, nil, err
	}
	fields := map[string]string{}
	for _, c := range data.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, rc := range row.Components {
			if in, ok := rc.(*discordgo.TextInput); ok {
				fields[in.CustomID] = in.Value
			}
		}
	}
	return act, fields, nil
}
