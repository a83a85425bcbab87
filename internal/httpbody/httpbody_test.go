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

// TestAppendAnnouncedLengthIsReadInOneBuffer: with the length announced, the first read is already offered
// room for the whole body (io.ReadAll would offer 512 bytes and grow from there).
func TestAppendAnnouncedLengthIsReadInOneBuffer(t *testing.T) {
	body := strings.Repeat("y", 4000)
	r := &firstRead{r: strings.NewReader(body)}
	got, err := Append([]byte("ts"), r, int64(len(body)))
	if err != nil || string(got) != "ts"+body {
		t.Fatalf("got %d bytes (%v)", len(got), err)
	}
	if r.room <= len(body) {
		t.Fatalf("the first read had room for %d bytes, want more than the body's %d", r.room, len(body))
	}
}

// firstRead records how much room the first Read was given.
type firstRead struct {
	r    io.Reader
	room int
}

func (f *firstRead) Read(p []byte) (int, error) {
	if f.room == 0 {
		f.room = len(p)
	}
	return f.r.Read(p)
}

func TestAppendReportsTheReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := Append(nil, io.MultiReader(strings.NewReader("ab"), errReader{boom}), 10); !errors.Is(err, boom) {
		t.Fatalf("err %v, want %v", err, boom)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
