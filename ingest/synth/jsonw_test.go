package synth

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendJSONString(t *testing.T) {
	tests := []string{
		"", "plain", `quote " and backslash \`, "new\nline\ttab\rcr", "\x00\x01\x1f",
		"O'Brien", "café ☕", "line\u2028sep\u2029", "<script>&",
	}
	for _, in := range tests {
		t.Run(in, func(t *testing.T) {
			b := appendJSONString(nil, in)
			var got string
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			if got != in {
				t.Errorf("round trip = %q, want %q", got, in)
			}
		})
	}
	if got := string(appendJSONString(nil, "a\xffb")); got != `"a\ufffdb"` {
		t.Errorf("invalid UTF-8 = %s", got)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00", "\xff", "é\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		b := appendJSONString(nil, in)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", in, b, err)
		}
		want := in
		if !utf8.ValidString(in) {
			want = strings.ToValidUTF8(in, "\ufffd")
			if got != want && strings.ToValidUTF8(got, "\ufffd") != got {
				t.Fatalf("decoded %q is not valid UTF-8", got)
			}
			return
		}
		if got != want {
			t.Fatalf("round trip = %q, want %q", got, want)
		}
	})
}
