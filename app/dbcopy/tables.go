package dbcopy

// kind is a column's value as the copy carries it: int64, string, bool, []byte or float64 (nil when null).
type kind int

const (
	kInt kind = iota
	kText
	kBool // INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL
	kBlob
	kFloat
)

type column struct {
	name string
	kind kind
	null bool
}

// table is one table to copy: its columns and its primary key (the order rows are read in).
type table struct {
	name string
	cols []column
	key  []string
	// identity names the column whose sequence PostgreSQL must continue after the copy.
	identity string
}

func c(name string, k kind) column     { return column{name: name, kind: k} }
func cNull(name string, k kind) column { return column{name: name, kind: k, null: true} }

// tables are every table of the store, parents before children, as data/sqlite's migrations 001–016 and
// data/postgres's 001–014 define them. A table added to either store must be added here too: migrate refuses a
// database with a table it does not know (rather than leave its rows behind), and TestTablesMatchSchemas
// fails until it is listed.
var tables = []table{
	{name: "groups", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("platform", kText), c("ext_id", kText), c("tz", kText)}},
	{name: "members", key: []string{"group_id", "user_id"}, cols: []column{
		c("group_id", kInt), c("user_id", kText), c("name", kText), c("tz", kText)}},
	{name: "channels", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("group_id", kInt), c("ext_id", kText), cNull("sched_hour", kInt), cNull("sched_minute", kInt),
		cNull("sched_tz", kText), cNull("sched_days", kInt), c("window_secs", kInt), c("domains", kText), cNull("sched_since", kInt),
		c("notice", kText), cNull("next_due", kInt), c("pack", kText), c("threads_off", kBool)}},
	{name: "posts", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("channel_id", kInt), c("slot", kText), c("pack", kText), c("question_id", kText), c("domain", kText),
		c("cycle", kInt), c("posted_at", kInt), c("closes_at", kInt), cNull("closed_at", kInt), c("message_id", kText),
		c("delivery_error", kText), c("pack_version", kInt)}},
	{name: "answers", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("post_id", kInt), c("group_id", kInt), c("user_id", kText), c("choice", kInt), c("correct", kBool),
		c("points", kInt), c("domain", kText), c("question_id", kText), c("answered_at", kInt), c("week", kText), c("month", kText),
		c("streak", kInt), c("guessed", kBool)}},
	{name: "scores", key: []string{"group_id", "period", "domain", "user_id"}, cols: []column{
		c("group_id", kInt), c("period", kText), c("domain", kText), c("user_id", kText), c("points", kInt), c("answered", kInt),
		c("correct", kInt)}},
	{name: "exams", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("group_id", kInt), c("user_id", kText), c("seed", kInt), c("questions", kText), c("started_at", kInt),
		c("ends_at", kInt), cNull("finished_at", kInt), c("timed_out", kBool), c("pack", kText), c("pack_version", kInt)}},
	{name: "practice", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("group_id", kInt), c("user_id", kText), c("question_id", kText), c("domain", kText), c("created_at", kInt),
		cNull("choice", kInt), cNull("correct", kBool), cNull("answered_at", kInt), c("kind", kText), cNull("exam_id", kInt),
		cNull("position", kInt), c("guessed", kBool), c("pack", kText), c("pack_version", kInt)}},
	{name: "mods", key: []string{"group_id", "kind", "subject"}, cols: []column{
		c("group_id", kInt), c("kind", kText), c("subject", kText)}},
	{name: "confirmations", key: []string{"id"}, cols: []column{
		c("id", kText), c("group_id", kInt), c("user_id", kText), c("action", kText), c("expires_at", kInt)}},
	{name: "packs", key: []string{"name"}, cols: []column{
		c("name", kText), c("version", kInt), c("source", kBlob), c("imported_at", kInt), c("owner", kText)}},
	{name: "pack_versions", key: []string{"name", "version"}, cols: []column{
		c("name", kText), c("version", kInt), c("source", kBlob), c("imported_at", kInt)}},
	{name: "outbox", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("key", kText), c("channel_id", kInt), c("kind", kText), cNull("post_id", kInt), c("payload", kText), c("status", kText),
		c("attempts", kInt), c("maybe_sent", kBool), c("not_before", kInt), c("expires_at", kInt), c("claimed_by", kText),
		c("lease_until", kInt), c("message_id", kText), c("error", kText), c("created_at", kInt), cNull("done_at", kInt)}},
	{name: "flags", key: []string{"group_id", "question_id", "user_id"}, cols: []column{
		c("group_id", kInt), c("question_id", kText), c("user_id", kText), c("reason", kText), c("created_at", kInt)}},
	{name: "item_states", key: []string{"group_id", "question_id"}, cols: []column{
		c("group_id", kInt), c("question_id", kText), c("state", kText), c("reason", kText), c("since", kInt), c("by_user", kText)}},
	{name: "item_stats", key: []string{"group_id", "question_id"}, cols: []column{
		c("group_id", kInt), c("question_id", kText), c("answers", kInt), c("p_value", kFloat), cNull("discrimination", kFloat), c("shares", kText)}},
	{name: "item_snapshots", key: []string{"group_id"}, cols: []column{
		c("group_id", kInt), c("computed_at", kInt), c("answers", kInt), c("last_answer_id", kInt), c("last_practice_id", kInt)}},
	{name: "group_notices", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("group_id", kInt), c("text", kText), c("created_at", kInt), cNull("told_at", kInt)}},
	{name: "reminders", key: []string{"group_id", "user_id"}, cols: []column{
		c("group_id", kInt), c("user_id", kText), c("enabled", kBool), c("hour", kInt), c("minute", kInt), c("next_due", kInt),
		cNull("blocked_at", kInt)}},
	{name: "web_tokens", key: []string{"group_id"}, cols: []column{
		c("group_id", kInt), c("token_hash", kText), c("created_at", kInt)}},
	{name: "drafts", identity: "id", key: []string{"id"}, cols: []column{
		c("id", kInt), c("group_id", kInt), c("author_id", kText), c("author_name", kText), c("stem", kText), c("options", kText),
		c("answer_key", kText), c("explanation", kText), c("domain", kText), c("status", kText), c("reason", kText),
		c("decided_by", kText), c("question_id", kText), c("created_at", kInt), c("updated_at", kInt), cNull("decided_at", kInt),
		c("form_token", kText), cNull("told_at", kInt)}},
	{name: "draft_settings", key: []string{"group_id"}, cols: []column{
		c("group_id", kInt), c("writers", kText)}},
	{name: "goals", key: []string{"group_id", "user_id"}, cols: []column{
		c("group_id", kInt), c("user_id", kText), c("exam_date", kText), c("set_at", kInt)}},
}

// notCopied are tables each database keeps for itself: its own migration history, PostgreSQL's pacers,
// which hold nothing for longer than a second or two, and the keys of events seen (once_keys), which are
// kept for an hour to recognise a platform's retry and mean nothing to a deployment that was stopped to be
// copied.
var notCopied = map[string]bool{"schema_migrations": true, "pacers": true, "once_keys": true}

func (t table) colNames() []string {
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.name
	}
	return out
}

// keyIndex returns the positions of the key's columns in a row.
func (t table) keyIndex() []int {
	var out []int
	for _, k := range t.key {
		for i, c := range t.cols {
			if c.name == k {
				out = append(out, i)
			}
		}
	}
	return out
}
