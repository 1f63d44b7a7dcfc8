package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"

	chromem "github.com/philippgille/chromem-go"
)

// collectionName names the chromem-go collection of the shared sources'
// chunks; each Discord server (guild) with sources of its own has another
// collection in the same database (see scopeCollection).
const collectionName = "chunks"

// scopeCollection names the collection of a scope's chunks: collectionName
// for the shared corpus, "chunks-g<id>" for the guild id.
func scopeCollection(guild string) string {
	if guild == "" {
		return collectionName
	}
	return collectionName + "-g" + guild
}

// dense is the vector side of the index: every chunk with its embedding in
// chromem-go collections held in memory, one per scope (the vector files are
// the durable copy, see vecfile.go), so that a search scans only the chunks
// of the shared corpus and of the one guild it is asked in. It is one of the
// index's stores.
type dense struct {
	db *chromem.DB
	// mu is the index's lock. A search holds it for reading from counting
	// the chunks to loading its last hit, since chromem-go fails when asked
	// for more results than it holds; deletions take it for writing.
	mu     *sync.RWMutex
	topic  *topicWeights // told which vectors each source has
	titles *personTitles // told which passages each source has

	scopeMu sync.RWMutex
	cols    map[string]*chromem.Collection // guild ("" shared) -> its collection
	guildOf map[string]string              // source id -> guild, for sources with chunks stored
}

func newDense(mu *sync.RWMutex, topic *topicWeights, titles *personTitles) (*dense, error) {
	d := &dense{db: chromem.NewDB(), mu: mu, topic: topic, titles: titles, cols: map[string]*chromem.Collection{}, guildOf: map[string]string{}}
	if _, err := d.collection(""); err != nil {
		return nil, err
	}
	return d, nil
}

// collection returns the collection of a scope, creating it if needed.
func (d *dense) collection(guild string) (*chromem.Collection, error) {
	d.scopeMu.Lock()
	defer d.scopeMu.Unlock()
	if col, ok := d.cols[guild]; ok {
		return col, nil
	}
	col, err := d.db.GetOrCreateCollection(scopeCollection(guild), nil, refuseEmbedding)
	if err != nil {
		return nil, fmt.Errorf("open vector collection: %w", err)
	}
	d.cols[guild] = col
	return col, nil
}

// refuseEmbedding is the collection's embedding function: every vector comes
// from the index, which embeds texts and queries itself.
func refuseEmbedding(context.Context, string) ([]float32, error) {
	return nil, errors.New("the index embeds queries itself")
}

// apply adds ch.add with ch.vecs and deletes ch.del. On error the store is
// as it was; undo puts it back as it was.
func (d *dense) apply(ctx context.Context, ch change) (undo func() error, err error) {
	// What a deletion drops, to put it back.
	dropped := make([]Chunk, len(ch.del))
	droppedVecs := make([][]float32, len(ch.del))
	for i, c := range ch.del {
		doc, err := d.get(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("read vectors of chunk %s: %w", c.ID, err)
		}
		dropped[i], droppedVecs[i] = chunkFromDoc(doc), doc.Embedding
	}
	if err := d.add(ctx, ch.add, ch.vecs, ch.scope); err != nil {
		return nil, errors.Join(err, d.remove(ch.add))
	}
	if err := d.remove(ch.del); err != nil {
		return nil, errors.Join(err, d.remove(ch.add), d.add(context.Background(), dropped, droppedVecs, ch.scope))
	}
	return func() error {
		return errors.Join(d.remove(ch.add), d.add(context.Background(), dropped, droppedVecs, ch.scope))
	}, nil
}

// add puts chunks with their vectors into the collection of their source's
// scope (scope maps each source id to its guild), tells the topic weights
// each source's vectors and the people's titles each source's texts (see
// personTitles). The chunks of a source are together.
func (d *dense) add(ctx context.Context, chunks []Chunk, vecs [][]float32, scope map[string]string) error {
	for start := 0; start < len(chunks); {
		id := chunks[start].SourceID
		guild := scope[id]
		col, err := d.collection(guild)
		if err != nil {
			return err
		}
		d.scopeMu.Lock()
		d.guildOf[id] = guild
		d.scopeMu.Unlock()
		end := start
		for end < len(chunks) && chunks[end].SourceID == id {
			c := chunks[end]
			doc := chromem.Document{
				ID: c.ID,
				Metadata: map[string]string{
					"source_id": c.SourceID,
					"position":  strconv.Itoa(c.Position),
					"start":     strconv.Itoa(c.Start),
					"end":       strconv.Itoa(c.End),
				},
				Embedding: vecs[end],
				Content:   c.Text,
			}
			if err := col.AddDocument(ctx, doc); err != nil {
				return fmt.Errorf("store vectors of %s: %w", id, err)
			}
			end++
		}
		d.topic.note(id, vecs[start:end])
		texts := make([]string, 0, end-start)
		for _, c := range chunks[start:end] {
			texts = append(texts, c.Text)
		}
		d.titles.note(id, texts)
		start = end
	}
	return nil
}

// remove deletes chunks, whole sources of them, from their collections, under
// the index's write lock so that no search is between counting the chunks
// and querying them, and forgets their sources' topic closeness and titles.
func (d *dense) remove(chunks []Chunk) error {
	if len(chunks) == 0 {
		return nil
	}
	byGuild := map[string][]string{}
	var sources []string
	d.scopeMu.RLock()
	for i, c := range chunks {
		g := d.guildOf[c.SourceID]
		byGuild[g] = append(byGuild[g], c.ID)
		if i == 0 || c.SourceID != chunks[i-1].SourceID {
			d.topic.forget(c.SourceID)
			d.titles.forget(c.SourceID)
			sources = append(sources, c.SourceID)
		}
	}
	d.scopeMu.RUnlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, g := range slices.Sorted(maps.Keys(byGuild)) {
		col, err := d.collection(g)
		if err != nil {
			return err
		}
		if err := col.Delete(context.Background(), nil, nil, byGuild[g]...); err != nil {
			return fmt.Errorf("delete vectors: %w", err)
		}
	}
	d.scopeMu.Lock()
	for _, id := range sources {
		delete(d.guildOf, id)
	}
	d.scopeMu.Unlock()
	return nil
}

// count is the number of chunks in all collections.
func (d *dense) count() int {
	d.scopeMu.RLock()
	defer d.scopeMu.RUnlock()
	n := 0
	for _, col := range d.cols {
		n += col.Count()
	}
	return n
}

// scope returns the collections a search in guild scans: the shared one and,
// for a guild, the guild's (if it has one).
func (d *dense) scope(guild string) []*chromem.Collection {
	d.scopeMu.RLock()
	defer d.scopeMu.RUnlock()
	out := []*chromem.Collection{d.cols[""]}
	if col, ok := d.cols[guild]; ok && guild != "" {
		out = append(out, col)
	}
	return out
}

// countIn is the number of chunks a search in guild sees.
func (d *dense) countIn(guild string) int {
	n := 0
	for _, col := range d.scope(guild) {
		n += col.Count()
	}
	return n
}

// get returns the stored document of the chunk with id.
func (d *dense) get(ctx context.Context, id string) (chromem.Document, error) {
	d.scopeMu.RLock()
	col := d.cols[d.guildOf[sourceOfChunk(id)]]
	d.scopeMu.RUnlock()
	if col == nil {
		return chromem.Document{}, fmt.Errorf("no document with ID %s", id)
	}
	return col.GetByID(ctx, id)
}

// chunk returns the chunk with id.
func (d *dense) chunk(ctx context.Context, id string) (Chunk, error) {
	doc, err := d.get(ctx, id)
	if err != nil {
		return Chunk{}, fmt.Errorf("chunk %s: %w", id, err)
	}
	return chunkFromDoc(doc), nil
}

// query returns the n chunks closest to the unit vector q among those a
// search in guild sees, optionally within one source (none if that source is
// not in the scope). Each collection in the scope is asked for at most as
// many as it holds, and their answers are merged by similarity. The caller
// holds mu for reading.
func (d *dense) query(ctx context.Context, q []float32, n int, guild, sourceID string) ([]scored, error) {
	cols := d.scope(guild)
	var where map[string]string
	if sourceID != "" {
		d.scopeMu.RLock()
		g, ok := d.guildOf[sourceID]
		d.scopeMu.RUnlock()
		if !ok || (g != "" && g != guild) {
			return nil, nil
		}
		where = map[string]string{"source_id": sourceID}
		if g == "" {
			cols = cols[:1]
		} else {
			cols = cols[1:]
		}
	}
	var out []scored
	for _, col := range cols {
		m := min(n, col.Count())
		if m == 0 {
			continue
		}
		res, err := col.QueryEmbedding(ctx, q, m, where, nil)
		if err != nil {
			return nil, fmt.Errorf("vector query: %w", err)
		}
		for _, r := range res {
			out = append(out, scored{id: r.ID, score: float64(r.Similarity)})
		}
	}
	if len(cols) > 1 {
		slices.SortStableFunc(out, func(a, b scored) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
	}
	return out[:min(n, len(out))], nil
}

func chunkFromDoc(d chromem.Document) Chunk {
	pos, _ := strconv.Atoi(d.Metadata["position"])
	start, _ := strconv.Atoi(d.Metadata["start"])
	end, _ := strconv.Atoi(d.Metadata["end"])
	return Chunk{ID: d.ID, SourceID: d.Metadata["source_id"], Position: pos, Start: start, End: end, Text: d.Content}
}
