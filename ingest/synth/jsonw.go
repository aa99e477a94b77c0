package synth

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// jw appends compact JSON to a byte slice. The generator builds every resource by hand: it
// is several times faster than encoding/json and the field order is fixed, which keeps the
// output byte-identical for a seed.
type jw struct{ b []byte }

// raw appends trusted JSON text (keys, punctuation, constants).
func (w *jw) raw(s string) { w.b = append(w.b, s...) }

// str appends s as a JSON string.
func (w *jw) str(s string) { w.b = appendJSONString(w.b, s) }

// int appends n.
func (w *jw) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// float1 appends v with one decimal.
func (w *jw) float1(v float64) { w.b = strconv.AppendFloat(w.b, v, 'f', 1, 64) }

// instant appends t as a quoted FHIR dateTime in UTC with seconds.
func (w *jw) instant(t time.Time) {
	w.b = append(w.b, '"')
	w.b = t.UTC().AppendFormat(w.b, "2006-01-02T15:04:05Z")
	w.b = append(w.b, '"')
}

// date appends t as a quoted FHIR date.
func (w *jw) date(t time.Time) {
	w.b = append(w.b, '"')
	w.b = t.UTC().AppendFormat(w.b, "2006-01-02")
	w.b = append(w.b, '"')
}

// ref appends {"reference":"Type/id"}.
func (w *jw) ref(typ, id string) {
	w.raw(`{"reference":`)
	w.b = append(w.b, '"')
	w.b = appendJSONStringBody(w.b, typ)
	w.b = append(w.b, '/')
	w.b = appendJSONStringBody(w.b, id)
	w.raw(`"}`)
}

// coding appends a Coding object.
func (w *jw) coding(c Coding) {
	w.raw(`{"system":`)
	w.str(c.System)
	w.raw(`,"code":`)
	w.str(c.Code)
	if c.Display != "" {
		w.raw(`,"display":`)
		w.str(c.Display)
	}
	w.raw(`}`)
}

// concept appends a CodeableConcept with one coding.
func (w *jw) concept(c Coding) {
	w.raw(`{"coding":[`)
	w.coding(c)
	w.raw(`]}`)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted and escaped per RFC 8259; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONStringBody(b, s)
	return append(b, '"')
}

func appendJSONStringBody(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}
