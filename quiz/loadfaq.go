package quiz

// Reading a pack's FAQ (its entries, the asks no entry answers, members' labelled asks and its synonyms), and
// a file of labelled asks outside any pack.

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ParseAsks validates a file of labelled asks outside a pack (the bot's, about its own commands): a YAML
// list read as a pack's faq_asks are, each ask's want one of the entry ids or none. The file name is used
// only in problem reports. It returns a *ValidationError listing every problem when the file is not valid.
func ParseAsks(file string, data []byte, ids []string) ([]Example, error) {
	v := &validator{file: file}
	root, ok := v.document(data, "faq_asks")
	if !ok {
		return nil, v.err()
	}
	if root.Kind != yaml.SequenceNode {
		v.add(root.Line, "faq_asks", "must be a list")
		return nil, v.err()
	}
	known := make(map[string]int, len(ids))
	for _, id := range ids {
		known[id] = 0
	}
	asks := v.faqAsks(root.Content, known)
	if err := v.err(); err != nil {
		return nil, err
	}
	return asks, nil
}

// synonyms reads `synonyms:`, a mapping of each word to the list of words read as it.
func (v *validator) synonyms(n *yaml.Node) []Synonyms {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		v.add(n.Line, "synonyms", "must be a mapping of a word to the words read as it")
		return nil
	}
	var out []Synonyms
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		field := "synonyms." + k.Value
		g := Synonyms{Word: strings.ToLower(strings.TrimSpace(k.Value))}
		if val.Kind != yaml.SequenceNode {
			v.add(val.Line, field, "must be a list of words")
			continue
		}
		for _, w := range v.strings(val.Content, field) {
			w = strings.ToLower(w)
			if first, dup := seen[w]; dup {
				v.add(val.Line, field, "%q is already a synonym (line %d)", w, first)
				continue
			}
			seen[w] = val.Line
			g.Variants = append(g.Variants, w)
		}
		out = append(out, g)
	}
	return out
}

func (v *validator) faq(n *yaml.Node, i int, ids map[string]int) FAQEntry {
	path := fmt.Sprintf("faq[%d].", i)
	m := v.fields(n, strings.TrimSuffix(path, "."), "id", "question", "also", "answer", "links")
	var e FAQEntry
	var line int
	e.ID, line = v.str(m, n, path, "id", true)
	v.uniqueID(e.ID, line, path+"id", "faq", ids)
	e.Question, _ = v.str(m, n, path, "question", true)
	e.Also = v.strings(v.list(m, n, path, "also", false), path+"also")
	e.Answer, line = v.str(m, n, path, "answer", true)
	if len([]rune(e.Answer)) > MaxFAQAnswer {
		v.add(line, path+"answer", "is %d characters; at most %d", len([]rune(e.Answer)), MaxFAQAnswer)
	}
	e.Links = v.strings(v.list(m, n, path, "links", false), path+"links")
	return e
}

// faqAsks reads `faq_asks:`, members' asks each labelled with the FAQ entry that answers it (want: its id)
// or none: each ask one line of text, none twice, and each want an entry of the pack's FAQ or none; seen:
// true marks one written by someone who had seen the entries (Example.Seen); also names a second entry that
// answers it as well.
func (v *validator) faqAsks(nodes []*yaml.Node, ids map[string]int) []Example {
	seen := map[string]int{}
	var out []Example
	for i, n := range nodes {
		path := fmt.Sprintf("faq_asks[%d].", i)
		m := v.fields(n, strings.TrimSuffix(path, "."), "q", "want", "seen", "also")
		ask, line := v.str(m, n, path, "q", true)
		want, wantLine := v.str(m, n, path, "want", true)
		seenText, seenLine := v.str(m, n, path, "seen", false)
		if seenText != "" && seenText != "true" && seenText != "false" {
			v.add(seenLine, path+"seen", "must be true or false")
		}
		also, alsoLine := v.str(m, n, path, "also", false)
		if ask == "" || want == "" {
			continue
		}
		key := strings.ToLower(ask)
		first, dup := seen[key]
		switch {
		case strings.ContainsAny(ask, "\n\r"):
			v.add(line, path+"q", "must be one line")
		case len([]rune(ask)) > MaxFAQAsk:
			v.add(line, path+"q", "is %d characters; at most %d", len([]rune(ask)), MaxFAQAsk)
		case dup:
			v.add(line, path+"q", "repeats the ask at line %d", first)
		default:
			if _, ok := ids[want]; !ok && want != NoEntry {
				v.add(wantLine, path+"want", "names no faq entry %q (an entry's id, or none)", want)
				continue
			}
			if _, ok := ids[also]; also != "" && (!ok || also == want || want == NoEntry) {
				v.add(alsoLine, path+"also", "must name another faq entry than want, and only beside an entry (%q)", also)
				continue
			}
			seen[key] = line
			out = append(out, Example{Ask: ask, Entry: want, Seen: seenText == "true", Also: also})
		}
	}
	return out
}

// faqNone reads `faq_none:`, asks no FAQ entry answers: each one line of text, none twice.
func (v *validator) faqNone(nodes []*yaml.Node) []string {
	seen := map[string]int{}
	var out []string
	for i, n := range nodes {
		field := fmt.Sprintf("faq_none[%d]", i)
		if n.Kind != yaml.ScalarNode {
			v.add(n.Line, field, "must be text")
			continue
		}
		ask := strings.TrimSpace(n.Value)
		key := strings.ToLower(ask)
		switch first, dup := seen[key]; {
		case ask == "":
			v.add(n.Line, field, "is empty")
		case strings.ContainsAny(ask, "\n\r"):
			v.add(n.Line, field, "must be one line")
		case len([]rune(ask)) > MaxFAQNone:
			v.add(n.Line, field, "is %d characters; at most %d", len([]rune(ask)), MaxFAQNone)
		case dup:
			v.add(n.Line, field, "repeats the ask at line %d", first)
		default:
			seen[key] = n.Line
			out = append(out, ask)
		}
	}
	return out
}
