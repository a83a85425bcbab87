package bot

// Form is a set of text fields a member fills in and sends at once: a modal on Discord and Slack, a field
// a line on the console. What they send comes back as Submit's command, with Click set and each field's
// value in Command.Fields.
type Form struct {
	Title  string // at most 45 characters (Discord's limit for a modal's title)
	Submit Action
	Fields []FormField
}

// FormField is one text field of a form.
type FormField struct {
	Name        string
	Label       string // at most 45 characters (Discord's limit)
	Placeholder string // at most 100 characters
	Value       string // what the field holds when the form opens: what the member typed before
	Long        bool   // several lines
	Required    bool
	Max         int // the most characters it takes; 0: the platform's own limit
}
