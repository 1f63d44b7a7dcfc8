// Package retrieval chunks articles, embeds them into chromem-go, keeps a BM25
// index beside it, and answers hybrid searches over both.
package retrieval
