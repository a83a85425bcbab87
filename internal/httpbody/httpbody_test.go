package httpbody

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestAppendKeepsWhatWasThereAndReadsAll: the body follows buf's bytes whole, whether its length is
// announced, unknown or wrong.
func TestAppendKeepsWhatWasThereAndReadsAll(t *testing.T) {
	body := strings.Repeat("x", 3000)
	for _, length := range []int64{3000, 0, -1, 10, 5000, Max + 1} {
		got, err := Append([]byte("1772000000"), strings.NewReader(body), length)
		if err != nil || string(got) != "1772000000"+body {
			t.Fatalf("length %d: got %d bytes (%v), want %d", length, len(got), err, 10+len(body))
		}
	}
}

// TestAppendAnnouncedLengthAllocatesOnce: a body of the announced length is read without growing again.
func TestAppendAnnouncedLengthAllocatesOnce(t *testing.T) {
	body := strings.Repeat("y", 4000)
	r := strings.NewReader(body)
	allocs := testing.AllocsPerRun(20, func() {
		r.Reset(body)
		Append(nil, r, int64(len(body)))
	})
	// The buffer itself, and bytes.Buffer's header, which escapes through ReadFrom.
	if allocs > 2 {
		t.Fatalf("%v allocations, want at most 2", allocs)
	}
}

func TestAppendReportsTheReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := Append(nil, io.MultiReader(strings.NewReader("ab"), errReader{boom}), 10); !errors.Is(err, boom) {
		t.Fatalf("err %v, want %v", err, boom)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
