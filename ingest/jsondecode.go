package ingest

import (
	"encoding/binary"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth is the deepest nesting decoded, as in encoding/json.
const maxJSONDepth = 10000

// jsonDecoder decodes one JSON object into maps, slices, strings, json.Number, bool and nil:
// the values encoding/json's Decoder with UseNumber gives, for the same inputs (FuzzDecode
// compares them), at a fraction of its cost. Short strings (keys, code systems, codes) are
// interned, so a file's repeated keys are allocated once. A decoder is not safe for
// concurrent use: each parse worker has its own.
type jsonDecoder struct {
	b      []byte
	i      int
	depth  int
	intern *[internSlots]string // nil: nothing interned
	// dup is set when an object of the last decoded value held a key twice (the map keeps
	// the last), so the bytes say more than the map.
	dup bool
}

// internSlots is the size of a decoder's intern cache: one string per slot, a slot chosen
// by a cheap hash of the bytes, a new string replacing the one there. Unique values (ids)
// pass through without growing it; the keys and codes of a file stay, as they come again
// before anything else lands in their slot.
const internSlots = 1 << 12

func newJSONDecoder() *jsonDecoder {
	return &jsonDecoder{intern: new([internSlots]string)}
}

// decodeObject decodes one JSON object, keeping numbers as written (json.Number). Anything
// else (an array, null, invalid JSON, data after the object) is not ok.
func decodeObject(b []byte) (map[string]any, bool) {
	return (&jsonDecoder{}).object(b)
}

// object decodes b, which must hold exactly one JSON object (and whitespace).
func (d *jsonDecoder) object(b []byte) (map[string]any, bool) {
	d.b, d.i, d.depth, d.dup = b, 0, 0, false
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return nil, false
	}
	v, ok := d.value()
	if !ok {
		return nil, false
	}
	d.space()
	if d.i != len(d.b) {
		return nil, false
	}
	m, _ := v.(map[string]any)
	return m, m != nil
}

func (d *jsonDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value() (any, bool) {
	d.space()
	if d.i >= len(d.b) {
		return nil, false
	}
	switch c := d.b[d.i]; {
	case c == '{':
		return d.obj()
	case c == '[':
		return d.array()
	case c == '"':
		s, ok := d.str()
		return s, ok
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	}
	return nil, false
}

func (d *jsonDecoder) literal(word string) bool {
	if len(d.b)-d.i < len(word) || string(d.b[d.i:d.i+len(word)]) != word {
		return false
	}
	d.i += len(word)
	return true
}

func (d *jsonDecoder) obj() (any, bool) {
	if d.depth++; d.depth > maxJSONDepth {
		return nil, false
	}
	d.i++ // {
	m := make(map[string]any, 8)
	d.space()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		d.depth--
		return m, true
	}
	keys := 0
	for {
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return nil, false
		}
		k, ok := d.str()
		if !ok {
			return nil, false
		}
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, false
		}
		d.i++
		v, ok := d.value()
		if !ok {
			return nil, false
		}
		m[k] = v
		keys++
		d.space()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			d.depth--
			if len(m) != keys {
				d.dup = true
			}
			return m, true
		default:
			return nil, false
		}
	}
}

func (d *jsonDecoder) array() (any, bool) {
	if d.depth++; d.depth > maxJSONDepth {
		return nil, false
	}
	d.i++ // [
	l := make([]any, 0, 4)
	d.space()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		d.depth--
		return l, true
	}
	for {
		v, ok := d.value()
		if !ok {
			return nil, false
		}
		l = append(l, v)
		d.space()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			d.depth--
			return l, true
		default:
			return nil, false
		}
	}
}

// number reads a JSON number as written.
func (d *jsonDecoder) number() (any, bool) {
	start := d.i
	if d.b[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.b) && d.b[d.i] == '0':
		d.i++
	case d.i < len(d.b) && d.b[d.i] >= '1' && d.b[d.i] <= '9':
		for d.i < len(d.b) && isDigit(d.b[d.i]) {
			d.i++
		}
	default:
		return nil, false
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if d.i >= len(d.b) || !isDigit(d.b[d.i]) {
			return nil, false
		}
		for d.i < len(d.b) && isDigit(d.b[d.i]) {
			d.i++
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if d.i >= len(d.b) || !isDigit(d.b[d.i]) {
			return nil, false
		}
		for d.i < len(d.b) && isDigit(d.b[d.i]) {
			d.i++
		}
	}
	return json.Number(d.b[start:d.i]), true
}

// str reads a JSON string. Invalid UTF-8 and lone surrogates become U+FFFD, as in
// encoding/json.
func (d *jsonDecoder) str() (string, bool) {
	d.i++ // "
	start := d.i
	ascii := true
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			raw := d.b[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(raw) {
				return d.unquote(raw)
			}
			return d.internString(raw), true
		case c == '\\':
			// escapes: find the end, then unquote the slow way
			for d.i < len(d.b) {
				switch d.b[d.i] {
				case '\\':
					d.i += 2
					continue
				case '"':
					raw := d.b[start:d.i]
					d.i++
					return d.unquote(raw)
				}
				d.i++
			}
			return "", false
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	return "", false
}

func (d *jsonDecoder) internString(raw []byte) string {
	if d.intern == nil || len(raw) > 64 {
		return string(raw)
	}
	slot := &d.intern[internHash(raw)&(internSlots-1)]
	if *slot == string(raw) {
		return *slot
	}
	s := string(raw)
	*slot = s
	return s
}

// internHash mixes a string's length with its first, middle and last eight bytes: cheaper
// than hashing every byte, and enough to spread a file's keys, code systems and codes.
func internHash(b []byte) uint64 {
	n := len(b)
	x := uint64(n) * 0x9e3779b97f4a7c15
	switch {
	case n >= 8:
		x ^= binary.LittleEndian.Uint64(b)
		x = (x ^ x>>29) * 0xbf58476d1ce4e5b9
		x ^= binary.LittleEndian.Uint64(b[n-8:])
		if n >= 16 {
			x = (x ^ x>>29) * 0xbf58476d1ce4e5b9
			x ^= binary.LittleEndian.Uint64(b[n/2-4:])
		}
	default:
		for _, c := range b {
			x = x<<8 | x>>56 ^ uint64(c)
		}
	}
	x = (x ^ x>>31) * 0x94d049bb133111eb
	return x ^ x>>29
}

// unquote decodes a string body with escapes or invalid UTF-8.
func (d *jsonDecoder) unquote(raw []byte) (string, bool) {
	out := make([]byte, 0, len(raw)+8)
	for r := 0; r < len(raw); {
		c := raw[r]
		switch {
		case c == '\\':
			if r+1 >= len(raw) {
				return "", false
			}
			switch e := raw[r+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
				r += 2
			case 'b':
				out = append(out, '\b')
				r += 2
			case 'f':
				out = append(out, '\f')
				r += 2
			case 'n':
				out = append(out, '\n')
				r += 2
			case 'r':
				out = append(out, '\r')
				r += 2
			case 't':
				out = append(out, '\t')
				r += 2
			case 'u':
				rr, ok := hex4(raw, r+2)
				if !ok {
					return "", false
				}
				r += 6
				if utf16.IsSurrogate(rr) {
					rr1, ok := hex4(raw, r+2)
					if ok && r+1 < len(raw) && raw[r] == '\\' && raw[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, rr1); dec != utf8.RuneError {
							r += 6
							out = utf8.AppendRune(out, dec)
							break
						}
					}
					rr = utf8.RuneError
				}
				out = utf8.AppendRune(out, rr)
			default:
				return "", false
			}
		case c < 0x20:
			return "", false
		case c < utf8.RuneSelf:
			out = append(out, c)
			r++
		default:
			rr, size := utf8.DecodeRune(raw[r:])
			r += size
			out = utf8.AppendRune(out, rr) // RuneError for an invalid byte, as encoding/json
		}
	}
	return string(out), true
}

// hex4 reads the 4 hex digits of a \u escape at raw[at:].
func hex4(raw []byte, at int) (rune, bool) {
	if at+4 > len(raw) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(raw[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(v), true
}
