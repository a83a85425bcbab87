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

// Append appends everything r has to buf. When the body's length is announced (length > 0, up to Max),
// buf grows once to hold it: io.ReadAll starts at 512 bytes and copies as it grows.
func Append(buf []byte, r io.Reader, length int64) ([]byte, error) {
	if length > 0 && length <= Max {
		buf = slices.Grow(buf, int(length)+1) // +1: ReadFrom needs room to see EOF
	}
	b := bytes.NewBuffer(buf)
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}
