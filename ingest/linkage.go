package ingest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// LinkageHMACSystem is the Patient.identifier system under which ingest stores the token it
// computes from a secret (Options.LinkageSecret) when the Patient carries no token of the
// configured linkage system. core.patient.linkage_token takes the configured system's
// token first, else this one.
const LinkageHMACSystem = "urn:populace:linkage-hmac-sha256"

// linkageHMAC is the hex HMAC-SHA256, keyed by secret, of the Patient's normalised family
// name, first given name, full birth date and administrative sex: the same person sent by
// two providers gets the same token without either name leaving the door. It is "" when any
// of the four is missing (the record then stays a person of its own). The same secret must
// be used for every provider, and kept: a new secret makes new tokens.
func linkageHMAC(secret []byte, m map[string]any) string {
	family, given := linkageName(m["name"])
	birth := strOf(m["birthDate"])
	gender := strings.ToLower(strings.TrimSpace(strOf(m["gender"])))
	if family == "" || given == "" || gender == "" || len(birth) != 10 {
		return ""
	}
	if _, err := parseDate(birth); err != nil {
		return ""
	}
	mac := hmac.New(sha256.New, secret)
	for _, part := range [...]string{"populace-linkage-v1", family, given, birth, gender} {
		mac.Write([]byte(part))
		mac.Write([]byte{0})
	}
	return hex.EncodeToString(mac.Sum(nil))
}

// linkageName picks the official name (else usual, else the first that is not old, maiden,
// nickname or anonymous) and returns its normalised family name and first given name.
func linkageName(v any) (family, given string) {
	var pick map[string]any
	rank := 99
	for _, n := range list(v) {
		nm := obj(n)
		if nm == nil {
			continue
		}
		r := 2
		switch strOf(nm["use"]) {
		case "official":
			r = 0
		case "usual":
			r = 1
		case "old", "maiden", "nickname", "anonymous":
			continue
		}
		if r < rank {
			pick, rank = nm, r
		}
	}
	if pick == nil {
		return "", ""
	}
	family = normaliseName(strOf(pick["family"]))
	if g := list(pick["given"]); len(g) > 0 {
		first, _, _ := strings.Cut(strings.TrimSpace(strOf(g[0])), " ")
		given = normaliseName(first)
	}
	return family, given
}

// normaliseName folds case and diacritics and keeps letters only, so "  García-López ",
// "GARCIA LOPEZ" and "Garcialopez42" (exporters append digits) all read "garcialopez".
func normaliseName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := foldDiacritic[r]; ok {
			b.WriteString(f)
			continue
		}
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// foldDiacritic maps the accented Latin letters (Latin-1 Supplement and Latin Extended-A)
// to their base letters, lower case.
var foldDiacritic = func() map[rune]string {
	m := map[rune]string{}
	for base, letters := range map[string]string{
		"a": "ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "ae": "Ææ", "c": "ÇçĆćĈĉĊċČč", "d": "ĎďĐðÐđ",
		"e": "ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "g": "ĜĝĞğĠġĢģ", "h": "ĤĥĦħ", "i": "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı",
		"ij": "Ĳĳ", "j": "Ĵĵ", "k": "Ķķĸ", "l": "ĹĺĻļĽľĿŀŁł", "n": "ÑñŃńŅņŇňŉŊŋ",
		"o": "ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "oe": "Œœ", "r": "ŔŕŖŗŘř", "s": "ŚśŜŝŞşŠšſ", "ss": "ß",
		"t": "ŢţŤťŦŧ", "th": "Þþ", "u": "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "w": "Ŵŵ", "y": "ÝýÿŶŷŸ",
		"z": "ŹźŻżŽž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
