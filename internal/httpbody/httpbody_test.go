package httpbody

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestAppendKeepsWhatWasThereAndReadsAll: the body follows buf's bytes whole, whether its length is
// announced, unknown or wrong, and whether it fits the first buffer or not.
func TestAppendKeepsWhatWasThereAndReadsAll(t *testing.T) {
	for _, size := range []int{3000, First + 1, 300 << 10} {
		body := strings.Repeat("x", size)
		for _, length := range []int64{int64(size), 0, -1, 10, int64(size) + 2000, Max + 1} {
			got, err := Append([]byte("1772000000"), strings.NewReader(body), length)
			if err != nil || string(got) != "1772000000"+body {
				t.Fatalf("%d bytes announced as %d: got %d bytes (%v), want %d", size, length, len(got), err, 10+len(body))
			}
		}
	}
}

// TestAppendShortBodyIsReadInOneBuffer: with the length of a short body (a click's) announced, the first
// read is already offered room for the whole body (io.ReadAll would offer 512 bytes and grow from there).
func TestAppendShortBodyIsReadInOneBuffer(t *testing.T) {
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

// TestAppendAnnouncedLengthAloneGetsOnlyTheFirstBuffer: a body announced as 1 MiB that sends nothing (any
// client can announce it, before anything checks its signature) is given a buffer of about First bytes,
// not the megabyte it announced.
func TestAppendAnnouncedLengthAloneGetsOnlyTheFirstBuffer(t *testing.T) {
	r := &firstRead{r: strings.NewReader("")}
	got, err := Append([]byte("ts"), r, Max)
	if err != nil || string(got) != "ts" {
		t.Fatalf("got %q (%v)", got, err)
	}
	if r.room > 2*First || cap(got) > 2*First {
		t.Fatalf("a body that sent nothing was given %d bytes of room (a buffer of %d), want at most %d", r.room, cap(got), 2*First)
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
