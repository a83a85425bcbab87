package quiz

import (
	"errors"
	"hash/fnv"
	"strconv"
)

// History is what one channel has been posted so far, as the chooser needs it.
type History struct {
	// DomainCounts counts the channel's posts per domain over its whole life. The rotation keeps each
	// domain's running share close to its weight, so it carries across cycles.
	DomainCounts map[string]int
	// Seen holds the ids of the questions posted in the channel's current cycle.
	Seen map[string]bool
	// Exclude holds the ids of questions never to choose: those suspended or retired in the channel's
	// group. They are left out as if the pack did not have them, so a cycle ends when every other allowed
	// question was posted.
	Exclude map[string]bool
}

// Pick is the chooser's answer: the question, and whether it starts a new cycle (every allowed question had
// been posted, so the channel's Seen set starts over).
type Pick struct {
	Question Question
	NewCycle bool
}

// ErrNoQuestions means the allowed domains hold no questions.
var ErrNoQuestions = errors.New("no questions in the chosen domains")

// Next chooses the next question for a channel. Domains come in proportion to their weights through a
// smooth weighted rotation: each post goes to the allowed domain furthest behind its share, so every domain's
// count stays within one post of its weight at any point. Within a domain it picks an unseen question,
// pseudo-randomly but reproducibly from the channel key and the post count. An empty allowed list means every
// domain of the pack. Questions in h.Exclude are never chosen; when they are all the allowed domains hold,
// the error is ErrNoQuestions.
func (p *Pack) Next(h History, allowed []string, channelKey string) (Pick, error) {
	var domains []Domain
	for _, d := range p.allowedDomains(allowed) {
		if p.domainHasUnseen(d.ID, nil, h.Exclude) {
			domains = append(domains, d)
		}
	}
	if len(domains) == 0 {
		return Pick{}, ErrNoQuestions
	}
	seen := h.Seen
	newCycle := false
	if !p.hasUnseen(domains, seen, h.Exclude) {
		seen, newCycle = nil, true
	}
	totalWeight, posts := 0, 0
	for _, d := range domains {
		totalWeight += d.Weight
		posts += h.DomainCounts[d.ID]
	}
	var best *Domain
	var bestDeficit float64
	for i := range domains {
		d := &domains[i]
		if !p.domainHasUnseen(d.ID, seen, h.Exclude) {
			continue
		}
		deficit := float64(posts+1)*float64(d.Weight)/float64(totalWeight) - float64(h.DomainCounts[d.ID])
		if best == nil || deficit > bestDeficit+1e-9 || (deficit > bestDeficit-1e-9 && d.Weight > best.Weight) {
			best, bestDeficit = d, deficit
		}
	}
	var unseen []int
	for _, j := range p.byDomain[best.ID] {
		if id := p.Questions[j].ID; !seen[id] && !h.Exclude[id] {
			unseen = append(unseen, j)
		}
	}
	h64 := fnv.New64a()
	h64.Write([]byte(channelKey))
	h64.Write([]byte{0})
	h64.Write([]byte(strconv.Itoa(posts)))
	j := unseen[h64.Sum64()%uint64(len(unseen))]
	return Pick{Question: p.Questions[j], NewCycle: newCycle}, nil
}

func (p *Pack) allowedDomains(allowed []string) []Domain {
	var out []Domain
	for _, d := range p.Domains {
		if len(p.byDomain[d.ID]) == 0 {
			continue
		}
		if len(allowed) > 0 && !contains(allowed, d.ID) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func (p *Pack) hasUnseen(domains []Domain, seen, exclude map[string]bool) bool {
	for _, d := range domains {
		if p.domainHasUnseen(d.ID, seen, exclude) {
			return true
		}
	}
	return false
}

func (p *Pack) domainHasUnseen(domain string, seen, exclude map[string]bool) bool {
	for _, j := range p.byDomain[domain] {
		if id := p.Questions[j].ID; !seen[id] && !exclude[id] {
			return true
		}
	}
	return false
}
