package smp

import (
	"errors"

	"duplex/crypto/enc"
)

// Block layout. Every unit on the wire is BlockSize bytes:
//
//	plain (v<11, and handshakes):  pad(content, 16384)
//	encrypted (v≥11):              tag16 ‖ secretbox(pad(content, 16368))
//	content = count(1..255) ‖ lb(transmission)×count
const (
	BlockSize = 16384
	// MaxBatch is the most transmissions one block can carry (1-byte count).
	MaxBatch = 255
	// BatchBudget is the space for lb(transmission)s in a block, the same at
	// every version so a batch never depends on encryption: 2 bytes of pad
	// length, 1 count byte, 16 bytes of block-encryption tag.
	BatchBudget = BlockSize - 19
	// MaxTransmission is the largest transmission that fits a block alone.
	MaxTransmission = BatchBudget - 2
)

var (
	// ErrLargeTransmission: a transmission does not fit in one block.
	ErrLargeTransmission = errors.New("smp: transmission too large for a block")
	// ErrBadBatch: block content is not a valid batch.
	ErrBadBatch = errors.New("smp: bad batch")
)

// EncodeBatch returns block content carrying ts (1..255 transmissions that
// fit BatchBudget).
func EncodeBatch(ts [][]byte) ([]byte, error) {
	if len(ts) == 0 || len(ts) > MaxBatch {
		return nil, ErrBadBatch
	}
	n := 1
	for _, t := range ts {
		n += 2 + len(t)
	}
	if n-1 > BatchBudget {
		return nil, ErrLargeTransmission
	}
	w := enc.NewWriter(make([]byte, 0, n))
	w.Count(len(ts))
	for _, t := range ts {
		w.LargeBytes(t)
	}
	return w.Bytes()
}

// ParseBatch splits block content into transmissions (aliasing content).
func ParseBatch(content []byte) ([][]byte, error) {
	r := enc.NewReader(content)
	n := r.Count()
	if r.Err() == nil && n == 0 {
		return nil, ErrBadBatch
	}
	ts := make([][]byte, 0, n)
	for i := 0; i < n && r.Err() == nil; i++ {
		ts = append(ts, r.LargeBytes())
	}
	if err := r.Done(); err != nil {
		return nil, errors.Join(ErrBadBatch, err)
	}
	return ts, nil
}

// Batch is one block's worth of transmissions, by index into the input of Pack.
type Batch struct {
	Content []byte // count ‖ lb(t)… ready for WriteBlock
	Indexes []int  // which input transmissions it carries, in order
}

// Pack groups encoded transmissions into as few blocks as possible, keeping
// order. Like the reference (Protocol.hs batchTransmissions_, a right fold)
// it fills blocks from the end, so with more than a block's worth the first
// block is the partial one: 300 signed SUBs go as 30+135+135. A transmission
// too large for any block is reported in tooLarge and skipped; the rest are
// still packed.
func Pack(ts [][]byte) (batches []Batch, tooLarge []int) {
	// Walk back to front, recording each group as a run of indexes
	// [lo, hi) minus the oversize ones (which also close a group).
	type run struct{ lo, hi int }
	var runs []run // back to front
	hi, size := len(ts), 0
	for i := len(ts) - 1; i >= 0; i-- {
		l := 2 + len(ts[i])
		switch {
		case l > BatchBudget:
			if hi > i+1 {
				runs = append(runs, run{i + 1, hi})
			}
			tooLarge = append(tooLarge, i)
			hi, size = i, 0
		case size+l <= BatchBudget && hi-i <= MaxBatch:
			size += l
		default:
			runs = append(runs, run{i + 1, hi})
			hi, size = i+1, l
		}
	}
	if hi > 0 {
		runs = append(runs, run{0, hi})
	}
	for i, j := 0, len(tooLarge)-1; i < j; i, j = i+1, j-1 {
		tooLarge[i], tooLarge[j] = tooLarge[j], tooLarge[i]
	}
	batches = make([]Batch, 0, len(runs))
	for k := len(runs) - 1; k >= 0; k-- {
		r := runs[k]
		n := 1
		for _, t := range ts[r.lo:r.hi] {
			n += 2 + len(t)
		}
		w := enc.NewWriter(make([]byte, 0, n))
		w.Count(r.hi - r.lo)
		idx := make([]int, 0, r.hi-r.lo)
		for i := r.lo; i < r.hi; i++ {
			w.LargeBytes(ts[i])
			idx = append(idx, i)
		}
		content, _ := w.Bytes() // sizes and count were checked above
		batches = append(batches, Batch{Content: content, Indexes: idx})
	}
	return batches, tooLarge
}
