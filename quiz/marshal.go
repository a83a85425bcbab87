package quiz

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// yamlPack is the pack format as written: the shape Parse reads.
type yamlPack struct {
	Pack       string         `yaml:"pack"`
	Title      string         `yaml:"title"`
	Version    int            `yaml:"version"`
	Exam       *yamlExam      `yaml:"exam,omitempty"`
	Domains    []yamlDomain   `yaml:"domains"`
	Questions  []yamlQuestion `yaml:"questions,omitempty"`
	Flashcards []yamlCard     `yaml:"flashcards,omitempty"`
	FAQ        []yamlFAQ      `yaml:"faq,omitempty"`
	FAQNone    []string       `yaml:"faq_none,omitempty"`
	FAQAsks    []yamlAsk      `yaml:"faq_asks,omitempty"`
	// Synonyms is a mapping kept in the pack's order (the first group to claim a word wins it).
	Synonyms *yaml.Node `yaml:"synonyms,omitempty"`
}

// yamlAsk is one labelled ask of faq_asks.
type yamlAsk struct {
	Q    string `yaml:"q"`
	Want string `yaml:"want"`
	Seen bool   `yaml:"seen,omitempty"`
	Also string `yaml:"also,omitempty"`
}

type yamlExam struct {
	Name        string     `yaml:"name"`
	Code        string     `yaml:"code,omitempty"`
	Status      string     `yaml:"status,omitempty"`
	Questions   int        `yaml:"questions"`
	Minutes     int        `yaml:"minutes"`
	Scale       *yamlScale `yaml:"scale,omitempty"`
	PassPercent int        `yaml:"pass_percent,omitempty"`
}

type yamlScale struct {
	Min  int `yaml:"min"`
	Max  int `yaml:"max"`
	Pass int `yaml:"pass"`
}

type yamlDomain struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	Weight int    `yaml:"weight"`
}

type yamlQuestion struct {
	ID          string   `yaml:"id"`
	Domain      string   `yaml:"domain"`
	Objective   string   `yaml:"objective"`
	Difficulty  int      `yaml:"difficulty"`
	Question    string   `yaml:"question"`
	Choices     []string `yaml:"choices"`
	Answer      int      `yaml:"answer"`
	Why         []string `yaml:"why,omitempty"`
	Explanation string   `yaml:"explanation"`
	Source      string   `yaml:"source"`
	Author      string   `yaml:"author,omitempty"`
}

type yamlCard struct {
	ID     string `yaml:"id"`
	Domain string `yaml:"domain"`
	Front  string `yaml:"front"`
	Back   string `yaml:"back"`
	Source string `yaml:"source,omitempty"`
}

type yamlFAQ struct {
	ID       string   `yaml:"id"`
	Question string   `yaml:"question"`
	Also     []string `yaml:"also,omitempty"`
	Answer   string   `yaml:"answer"`
	Links    []string `yaml:"links,omitempty"`
}

// MarshalYAML writes a pack in the pack format, so that a pack built in code (an import, questions written
// in chat) is stored and exported like any pack file, and an exported pack imported again answers alike.
// Parse reads back the same pack, its FAQ's synonyms and out-of-scope asks included.
func MarshalYAML(p *Pack) (string, error) {
	out := yamlPack{Pack: p.ID, Title: p.Title, Version: p.Version}
	if e := p.Exam; e.Stated {
		out.Exam = &yamlExam{Name: e.Name, Code: e.Code, Status: e.Status, Questions: e.Questions, Minutes: e.Minutes, PassPercent: e.PassPercent}
		if e.Scale != nil {
			out.Exam.Scale = &yamlScale{Min: e.Scale.Min, Max: e.Scale.Max, Pass: e.Scale.Pass}
			out.Exam.PassPercent = 0
		}
	}
	for _, d := range p.Domains {
		out.Domains = append(out.Domains, yamlDomain{ID: d.ID, Name: d.Name, Weight: d.Weight})
	}
	for _, q := range p.Questions {
		out.Questions = append(out.Questions, yamlQuestion{ID: q.ID, Domain: q.Domain, Objective: q.Objective, Difficulty: q.Difficulty,
			Question: q.Text, Choices: q.Choices, Answer: q.Answer, Why: q.Why, Explanation: q.Explanation, Source: q.Source, Author: q.Author})
	}
	for _, c := range p.Flashcards {
		out.Flashcards = append(out.Flashcards, yamlCard{ID: c.ID, Domain: c.Domain, Front: c.Front, Back: c.Back, Source: c.Source})
	}
	for _, e := range p.FAQ {
		out.FAQ = append(out.FAQ, yamlFAQ{ID: e.ID, Question: e.Question, Also: e.Also, Answer: e.Answer, Links: e.Links})
	}
	out.FAQNone = p.FAQNone
	for _, a := range p.FAQAsks {
		out.FAQAsks = append(out.FAQAsks, yamlAsk{Q: a.Ask, Want: a.Entry, Seen: a.Seen, Also: a.Also})
	}
	if len(p.Synonyms) > 0 {
		m := &yaml.Node{Kind: yaml.MappingNode}
		for _, g := range p.Synonyms {
			vals := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, v := range g.Variants {
				vals.Content = append(vals.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
			}
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: g.Word}, vals)
		}
		out.Synonyms = m
	}
	b, err := yaml.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("marshal pack %s: %w", p.ID, err)
	}
	return string(b), nil
}
