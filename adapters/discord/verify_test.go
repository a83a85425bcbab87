package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// FuzzVerify: verify accepts exactly the requests discordgo.VerifyInteraction accepts, and gives back the
// body that was signed.
func FuzzVerify(f *testing.F) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	pub := priv.Public().(ed25519.PublicKey)
	f.Add([]byte(`{"type":3,"id":"1","token":"t"}`), "1772000000", uint8(0))
	f.Add([]byte(`{"type":1}`), "1772000000", uint8(1)) // body changed after signing
	f.Add([]byte(`{"type":1}`), "1772000000", uint8(2)) // signature in upper case
	f.Add([]byte(`{"type":1}`), "1772000000", uint8(3)) // signature one hex digit short
	f.Add([]byte(`{"type":1}`), "1772000000", uint8(4)) // timestamp changed after signing
	f.Add([]byte(`{"type":1}`), "", uint8(0))           // no timestamp
	f.Add([]byte{}, "1", uint8(5))                      // no signature
	f.Add([]byte(`{}`), "1", uint8(6))                  // not hex
	f.Fuzz(func(t *testing.T, body []byte, ts string, tamper uint8) {
		sig := hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...)))
		sent, sentTS := body, ts
		switch tamper % 8 {
		case 1:
			sent = append([]byte{'x'}, body...)
		case 2:
			sig = strings.ToUpper(sig)
		case 3:
			sig = sig[1:]
		case 4:
			sentTS = ts + "0"
		case 5:
			sig = ""
		case 6:
			sig = "zz" + sig[2:]
		case 7:
			sig += "00"
		}
		req := func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "http://x/discord/interactions", bytes.NewReader(sent))
			r.Header.Set("X-Signature-Ed25519", sig)
			r.Header.Set("X-Signature-Timestamp", sentTS)
			return r
		}
		want := discordgo.VerifyInteraction(req(), pub)
		got, ok := verify(req(), pub)
		if ok != want {
			t.Fatalf("body %q, timestamp %q, tamper %d: verify says %v, discordgo %v", sent, sentTS, tamper%8, ok, want)
		}
		if ok && !bytes.Equal(got, sent) {
			t.Fatalf("verify gave body %q, sent %q", got, sent)
		}
	})
}
