// Package httpbody reads request bodies for the chat endpoints, whose signatures are checked over the
// body's bytes.
package httpbody

import (
	"bytes"
	"io"
	"slices"
)

// Max is the largest body the endpoints read (they wrap the body in http.MaxBytesReader with it).
const Max = 1 << 20

// First is the most room Append makes for a body before any of it has arrived. A button click, the
// burst after every post, is a few KiB and fits whole.
const First = 16 << 10

// Append appends everything r has to buf. When the body's length is announced (length > 0), buf first
// grows to hold it, up to First bytes: io.ReadAll would start at 512 bytes and copy as it grows. A longer
// body grows the buffer as its bytes arrive, never on the announcement alone, which costs nothing to send:
// a client that announces 1 MiB and sends nothing holds First bytes, not a megabyte.
func Append(buf []byte, r io.Reader, length int64) ([]byte, error) {
	if length > 0 {
		buf = slices.Grow(buf, int(min(length, First))+1) // +1: ReadFrom needs room to see EOF
	}
	b := bytes.NewBuffer(buf)
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}
