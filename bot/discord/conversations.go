package discord

import (
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/summitbot/summitbot/bot"
)

// conversation is the recent turns of one exchange with the bot.
type conversation struct {
	turns []bot.Turn
}

// conversations maps answer message IDs (and the IDs of threads started from
// them, which Discord gives the same ID) to conversations, size-capped.
type conversations struct {
	mu   sync.Mutex
	keys *simplelru.LRU[string, *conversation]
	// questions maps answer IDs to the question, for feedback logs.
	questions *simplelru.LRU[string, string]
}

func newConversations(capacity int) *conversations {
	return &conversations{
		keys:      newLRU[string, *conversation](capacity),
		questions: newLRU[string, string](capacity),
	}
}

// newLRU returns a map that forgets its least recently used key beyond
// capacity (at least 1). It is not safe for concurrent use: its owners lock
// around it, as they often read and write in one step.
func newLRU[K comparable, V any](capacity int) *simplelru.LRU[K, V] {
	l, _ := simplelru.NewLRU[K, V](max(capacity, 1), nil) // fails only for a size below 1
	return l
}

// find returns the conversation under the first known key, its key, and a
// copy of its turns.
func (c *conversations) find(keys ...string) (*conversation, string, []bot.Turn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if k == "" {
			continue
		}
		if conv, ok := c.keys.Get(k); ok {
			return conv, k, append([]bot.Turn(nil), conv.turns...)
		}
	}
	return nil, "", nil
}

// record appends turn to conv (a new conversation when nil), keeps the last
// historyTurns turns, files the conversation under keys and returns it.
func (c *conversations) record(conv *conversation, turn bot.Turn, keys ...string) *conversation {
	c.mu.Lock()
	defer c.mu.Unlock()
	if conv == nil {
		conv = &conversation{}
	}
	conv.turns = append(conv.turns, turn)
	if n := len(conv.turns); n > historyTurns {
		conv.turns = append([]bot.Turn(nil), conv.turns[n-historyTurns:]...)
	}
	c.linkLocked(conv, keys...)
	return conv
}

// link files conv under more keys.
func (c *conversations) link(conv *conversation, keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.linkLocked(conv, keys...)
}

func (c *conversations) linkLocked(conv *conversation, keys ...string) {
	for _, k := range keys {
		if k != "" {
			c.keys.Add(k, conv)
		}
	}
}

// rememberQuestion files the question an answer ID answered.
func (c *conversations) rememberQuestion(answerID, question string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.questions.Add(answerID, question)
}

// question returns the question an answer ID answered, if still remembered.
func (c *conversations) question(answerID string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.questions.Get(answerID)
}
