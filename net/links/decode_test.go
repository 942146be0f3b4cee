package links

import (
	"bytes"
	"testing"
)

// TestDecodePrefix checks the embedded readers agent messages use: they
// stop exactly at the end of the queue (taking an optional mode byte only
// when one is there), give the same value as the whole-buffer parser, and
// fail on every strict prefix that the whole-buffer parser rejects.
func TestDecodePrefix(t *testing.T) {
	const next = "\x05after" // a following field; 'a'… is not a mode byte
	var infos [][]byte
	for _, v := range []uint16{1, 2, 3, 4} {
		q := vQueue(t, SMPClientVersions, vSrv, QueueModeContact).Info(v)
		if v == 1 {
			q.Server = vSrv1
		}
		b, err := q.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		infos = append(infos, b)
	}
	for _, b := range infos {
		want, err := ParseQueueInfo(b)
		if err != nil {
			t.Fatal(err)
		}
		got, n, err := DecodeQueueInfo(append(bytes.Clone(b), next...))
		if err != nil || n != len(b) {
			t.Fatalf("%x: n=%d err=%v", b, n, err)
		}
		gb, _ := got.MarshalBinary()
		wb, _ := want.MarshalBinary()
		if !bytes.Equal(gb, wb) {
			t.Fatalf("%x: decoded %+v, parsed %+v", b, got, want)
		}
		for i := range len(b) {
			_, errWhole := ParseQueueInfo(b[:i])
			if _, _, err := DecodeQueueInfo(b[:i]); err == nil && errWhole != nil {
				t.Fatalf("%x: prefix %d decoded", b, i)
			}
		}
	}
	for _, v := range queueVectors(t) {
		if v.name == "contact" {
			continue // see TestQueueURIBinary
		}
		b, err := v.q.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got, n, err := DecodeQueueURI(append(bytes.Clone(b), next...))
		if err != nil || n != len(b) || !equalQueue(got, v.q) {
			t.Fatalf("%s: n=%d/%d err=%v %+v", v.name, n, len(b), err, got)
		}
		for i := range len(b) {
			_, errWhole := ParseQueueURIBinary(b[:i])
			if _, _, err := DecodeQueueURI(b[:i]); err == nil && errWhole != nil {
				t.Fatalf("%s: prefix %d decoded", v.name, i)
			}
		}
	}
}

// FuzzDecodeQueueInfo: whatever DecodeQueueInfo accepts, ParseQueueInfo
// accepts on exactly the bytes it used, with the same encoding.
func FuzzDecodeQueueInfo(f *testing.F) {
	for _, v := range []uint16{1, 4} {
		q := vQueue(f, SMPClientVersions, vSrv1, QueueModeContact).Info(v)
		b, err := q.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append(b, "\x05after"...))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		q, n, err := DecodeQueueInfo(in)
		if err != nil {
			return
		}
		whole, err := ParseQueueInfo(in[:n])
		if err != nil {
			t.Fatalf("%x: decoded %d bytes the whole parser rejects: %v", in, n, err)
		}
		a, _ := q.MarshalBinary()
		b, _ := whole.MarshalBinary()
		if !bytes.Equal(a, b) {
			t.Fatalf("%x: decode %x, parse %x", in, a, b)
		}
	})
}
