// Command verifier is an independent check of @takedown/transparency-log: it verifies our signed
// checkpoints, tiles and proofs with golang.org/x/mod/sumdb/{note,tlog}, and produces keys,
// a signed checkpoint and proofs for our TypeScript code to verify in return.
//
// Build without modules against Debian's golang-golang-x-mod-dev:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o verifier .
//
// Input (stdin, JSON): verifierKey, checkpoints (signed notes), entries, tiles (C2SP path →
// bytes), inclusion and consistency proofs. Output (stdout, JSON): what Go produced. Any failed
// check exits 1 with the reason on stderr.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const tileHeight = 8

type inclusion struct {
	Index int64    `json:"index"`
	Size  int64    `json:"size"`
	Proof [][]byte `json:"proof"`
}

type consistency struct {
	Old   int64    `json:"old"`
	New   int64    `json:"new"`
	Proof [][]byte `json:"proof"`
}

type input struct {
	VerifierKey string            `json:"verifierKey"`
	Checkpoints []string          `json:"checkpoints"`
	Entries     [][]byte          `json:"entries"`
	Tiles       map[string][]byte `json:"tiles"`
	Inclusion   []inclusion       `json:"inclusion"`
	Consistency []consistency     `json:"consistency"`
}

type output struct {
	Checks        map[string]int `json:"checks"`
	SignerKey     string         `json:"signerKey"`
	VerifierKey   string         `json:"verifierKey"`
	Checkpoint    string         `json:"checkpoint"`
	CheckpointTxt string         `json:"checkpointText"`
	Inclusion     []inclusion    `json:"inclusion"`
	Consistency   []consistency  `json:"consistency"`
}

type memoryHashes []tlog.Hash

func (m memoryHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("stored hash %d not available", x)
		}
		out[i] = m[x]
	}
	return out, nil
}

// c2spTiles serves our C2SP tiles to Go, whose paths carry the height and call entries "data".
type c2spTiles map[string][]byte

func (c c2spTiles) Height() int { return tileHeight }

func (c c2spTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		path := strings.Replace(t.Path(), fmt.Sprintf("tile/%d/", tileHeight), "tile/", 1)
		data, ok := c[path]
		if !ok {
			return nil, fmt.Errorf("tile %s (Go %s) missing", path, t.Path())
		}
		out[i] = data
	}
	return out, nil
}

func (c c2spTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "interop verifier: "+format+"\n", args...)
	os.Exit(1)
}

// parseCheckpoint reads a C2SP tlog-checkpoint body: origin, decimal size, base64 root.
func parseCheckpoint(text string) (string, tlog.Tree) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		fail("checkpoint has fewer than 3 lines: %q", text)
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		fail("checkpoint size %q", lines[1])
	}
	h, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root %q: %v", lines[2], err)
	}
	return lines[0], tlog.Tree{N: n, Hash: h}
}

func decodeBundle(data []byte) [][]byte {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			fail("truncated entry bundle")
		}
		n := int(data[0])<<8 | int(data[1])
		if len(data) < 2+n {
			fail("truncated entry bundle")
		}
		entries = append(entries, data[2:2+n])
		data = data[2+n:]
	}
	return entries
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail("reading input: %v", err)
	}
	checks := map[string]int{}

	// Stored hashes computed by Go from the raw entries.
	var hashes memoryHashes
	for i, entry := range in.Entries {
		stored, err := tlog.StoredHashes(int64(i), entry, hashes)
		if err != nil {
			fail("StoredHashes(%d): %v", i, err)
		}
		hashes = append(hashes, stored...)
	}
	rootAt := func(n int64) tlog.Hash {
		h, err := tlog.TreeHash(n, hashes)
		if err != nil {
			fail("TreeHash(%d): %v", n, err)
		}
		return h
	}

	verifier, err := note.NewVerifier(in.VerifierKey)
	if err != nil {
		fail("NewVerifier(%q): %v", in.VerifierKey, err)
	}
	var last tlog.Tree
	for i, msg := range in.Checkpoints {
		n, err := note.Open([]byte(msg), note.VerifierList(verifier))
		if err != nil {
			fail("note.Open(checkpoint %d): %v", i, err)
		}
		_, tree := parseCheckpoint(n.Text)
		if tree.N > int64(len(in.Entries)) || rootAt(tree.N) != tree.Hash {
			fail("checkpoint %d (size %d): root does not match the entries", i, tree.N)
		}
		last = tree
		checks["checkpoints"]++
	}

	for path, data := range in.Tiles {
		goPath := strings.Replace(strings.Replace(path, "tile/entries/", "tile/data/", 1), "tile/", fmt.Sprintf("tile/%d/", tileHeight), 1)
		t, err := tlog.ParseTilePath(goPath)
		if err != nil {
			fail("ParseTilePath(%s): %v", goPath, err)
		}
		if t.L == -1 {
			first := int(t.N) << tileHeight
			for k, entry := range decodeBundle(data) {
				if first+k >= len(in.Entries) || !bytes.Equal(entry, in.Entries[first+k]) {
					fail("%s: entry %d differs", path, first+k)
				}
			}
			checks["entryBundles"]++
			continue
		}
		want, err := tlog.ReadTileData(t, hashes)
		if err != nil || !bytes.Equal(want, data) {
			fail("%s: hash tile differs from Go's (%v)", path, err)
		}
		checks["hashTiles"]++
	}

	// Go authenticates our tiles against the signed root on its own.
	if last.N > 0 {
		h, err := tlog.TreeHash(last.N, tlog.TileHashReader(last, c2spTiles(in.Tiles)))
		if err != nil || h != last.Hash {
			fail("TreeHash over our tiles: %v", err)
		}
		checks["tileTreeHash"]++
	}

	for _, p := range in.Inclusion {
		leaf := tlog.RecordHash(in.Entries[p.Index])
		if err := tlog.CheckRecord(toHashes(p.Proof), p.Size, rootAt(p.Size), p.Index, leaf); err != nil {
			fail("CheckRecord(index %d, size %d): %v", p.Index, p.Size, err)
		}
		checks["inclusion"]++
	}
	for _, p := range in.Consistency {
		if err := tlog.CheckTree(toHashes(p.Proof), p.New, rootAt(p.New), p.Old, rootAt(p.Old)); err != nil {
			fail("CheckTree(%d → %d): %v", p.Old, p.New, err)
		}
		checks["consistency"]++
	}

	// The other direction: Go signs and proves, TypeScript verifies.
	out := output{Checks: checks}
	origin := "go.interop.example/log"
	out.SignerKey, out.VerifierKey, err = note.GenerateKey(rand.Reader, origin)
	if err != nil {
		fail("GenerateKey: %v", err)
	}
	signer, err := note.NewSigner(out.SignerKey)
	if err != nil {
		fail("NewSigner: %v", err)
	}
	size := int64(len(in.Entries))
	out.CheckpointTxt = fmt.Sprintf("%s\n%d\n%s\n", origin, size, base64.StdEncoding.EncodeToString(hashBytes(rootAt(size))))
	signed, err := note.Sign(&note.Note{Text: out.CheckpointTxt}, signer)
	if err != nil {
		fail("note.Sign: %v", err)
	}
	out.Checkpoint = string(signed)
	for _, index := range []int64{0, size / 3, size / 2, size - 1} {
		proof, err := tlog.ProveRecord(size, index, hashes)
		if err != nil {
			fail("ProveRecord: %v", err)
		}
		out.Inclusion = append(out.Inclusion, inclusion{Index: index, Size: size, Proof: fromHashes(proof)})
	}
	for _, old := range []int64{1, size / 3, size / 2, size - 1} {
		proof, err := tlog.ProveTree(size, old, hashes)
		if err != nil {
			fail("ProveTree: %v", err)
		}
		out.Consistency = append(out.Consistency, consistency{Old: old, New: size, Proof: fromHashes(proof)})
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail("writing output: %v", err)
	}
}

func toHashes(raw [][]byte) []tlog.Hash {
	out := make([]tlog.Hash, len(raw))
	for i, b := range raw {
		if len(b) != tlog.HashSize {
			fail("proof hash %d has %d bytes", i, len(b))
		}
		copy(out[i][:], b)
	}
	return out
}

func fromHashes(hashes []tlog.Hash) [][]byte {
	out := make([][]byte, len(hashes))
	for i := range hashes {
		out[i] = hashBytes(hashes[i])
	}
	return out
}

func hashBytes(h tlog.Hash) []byte { return append([]byte(nil), h[:]...) }
