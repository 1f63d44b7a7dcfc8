package retrieval

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	chromem "github.com/philippgille/chromem-go"
)

// collectionName names the chromem-go collection of chunks.
const collectionName = "chunks"

// dense is the vector side of the index: every chunk with its embedding in a
// chromem-go collection held in memory (the vector files are the durable
// copy, see vecfile.go). It is one of the index's stores.
type dense struct {
	col *chromem.Collection
	// mu is the index's lock. A search holds it for reading from counting
	// the chunks to loading its last hit, since chromem-go fails when asked
	// for more results than it holds; deletions take it for writing.
	mu    *sync.RWMutex
	topic *topicWeights // told which vectors each source has
}

func newDense(mu *sync.RWMutex, topic *topicWeights) (*dense, error) {
	col, err := chromem.NewDB().GetOrCreateCollection(collectionName, nil, refuseEmbedding)
	if err != nil {
		return nil, fmt.Errorf("open vector collection: %w", err)
	}
	return &dense{col: col, mu: mu, topic: topic}, nil
}

// refuseEmbedding is the collection's embedding function: every vector comes
// from the index, which embeds texts and queries itself.
func refuseEmbedding(context.Context, string) ([]float32, error) {
	return nil, errors.New("the index embeds queries itself")
}

// apply adds ch.add with ch.vecs and deletes ch.del. On error the collection
// is as it was; undo puts it back as it was.
func (d *dense) apply(ctx context.Context, ch change) (undo func() error, err error) {
	// What a deletion drops, to put it back.
	dropped := make([]Chunk, len(ch.del))
	droppedVecs := make([][]float32, len(ch.del))
	for i, c := range ch.del {
		doc, err := d.col.GetByID(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("read vectors of chunk %s: %w", c.ID, err)
		}
		dropped[i], droppedVecs[i] = chunkFromDoc(doc), doc.Embedding
	}
	if err := d.add(ctx, ch.add, ch.vecs); err != nil {
		return nil, errors.Join(err, d.remove(ch.add))
	}
	if err := d.remove(ch.del); err != nil {
		return nil, errors.Join(err, d.remove(ch.add), d.add(context.Background(), dropped, droppedVecs))
	}
	return func() error {
		return errors.Join(d.remove(ch.add), d.add(context.Background(), dropped, droppedVecs))
	}, nil
}

// add puts chunks with their vectors into the collection, and tells the
// topic weights each source's vectors. The chunks of a source are together.
func (d *dense) add(ctx context.Context, chunks []Chunk, vecs [][]float32) error {
	for start := 0; start < len(chunks); {
		id := chunks[start].SourceID
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
			if err := d.col.AddDocument(ctx, doc); err != nil {
				return fmt.Errorf("store vectors of %s: %w", id, err)
			}
			end++
		}
		d.topic.note(id, vecs[start:end])
		start = end
	}
	return nil
}

// remove deletes chunks from the collection, under the index's write lock
// so that no search is between counting the chunks and querying them, and
// forgets their sources' topic closeness.
func (d *dense) remove(chunks []Chunk) error {
	if len(chunks) == 0 {
		return nil
	}
	ids := make([]string, len(chunks))
	for i, c := range chunks {
		ids[i] = c.ID
		if i == 0 || c.SourceID != chunks[i-1].SourceID {
			d.topic.forget(c.SourceID)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.col.Delete(context.Background(), nil, nil, ids...); err != nil {
		return fmt.Errorf("delete vectors: %w", err)
	}
	return nil
}

// count is the number of chunks in the collection.
func (d *dense) count() int { return d.col.Count() }

// chunk returns the chunk with id.
func (d *dense) chunk(ctx context.Context, id string) (Chunk, error) {
	doc, err := d.col.GetByID(ctx, id)
	if err != nil {
		return Chunk{}, fmt.Errorf("chunk %s: %w", id, err)
	}
	return chunkFromDoc(doc), nil
}

// query returns the n chunks closest to the unit vector q, optionally within
// one source. The caller holds mu for reading, and n is at most count().
func (d *dense) query(ctx context.Context, q []float32, n int, sourceID string) ([]scored, error) {
	var where map[string]string
	if sourceID != "" {
		where = map[string]string{"source_id": sourceID}
	}
	res, err := d.col.QueryEmbedding(ctx, q, n, where, nil)
	if err != nil {
		return nil, fmt.Errorf("vector query: %w", err)
	}
	out := make([]scored, 0, len(res))
	for _, r := range res {
		out = append(out, scored{id: r.ID, score: float64(r.Similarity)})
	}
	return out, nil
}

func chunkFromDoc(d chromem.Document) Chunk {
	pos, _ := strconv.Atoi(d.Metadata["position"])
	start, _ := strconv.Atoi(d.Metadata["start"])
	end, _ := strconv.Atoi(d.Metadata["end"])
	return Chunk{ID: d.ID, SourceID: d.Metadata["source_id"], Position: pos, Start: start, End: end, Text: d.Content}
}
