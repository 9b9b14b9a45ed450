// Package josetest holds tokens recorded from djangorestframework-simplejwt
// 5.2.2 on Django 3.2 (simplejwt.json, signed with the public demo key
// jwt-lab-demo-signing-secret-not-for-production), for the tests of jose,
// the inspector and the inspect command: one copy of the recording and
// one way to read it. Only tests import it.
package josetest

import (
	_ "embed"
	"encoding/json"
	"time"
)

//go:embed simplejwt.json
var recording []byte

// Issued is when the recorded tokens were minted (their iat).
var Issued = time.Unix(1795902655, 0).UTC()

// Recording is simplejwt.json: the signing key, and each token by name
// (ACCESS, REFRESH, ...).
type Recording struct {
	SigningKey string            `json:"signing_key"`
	Tokens     map[string]string `json:"tokens"`
}

// Simplejwt returns the recording. It panics if the embedded file is not
// valid JSON, which no test could run without.
func Simplejwt() Recording {
	var r Recording
	if err := json.Unmarshal(recording, &r); err != nil {
		panic("josetest: simplejwt.json: " + err.Error())
	}
	return r
}

// Token returns one recorded token and the key it was signed with.
func Token(name string) (token, key string) {
	r := Simplejwt()
	return r.Tokens[name], r.SigningKey
}
