package payload

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
)

// StepParseClaims is the step "Registered claims".
func StepParseClaims(w io.Writer) error {
	c, err := ParseClaims("eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1LCJpYXQiOjE3OTU5MDI2NTUsImp0aSI6IjMyYTVjYzVkZWU0MzQyZTk4MTMzZDA4MWYzZDRmNjk0IiwidXNlcl9pZCI6MX0")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "token_type:", c.TokenType)
	fmt.Fprintln(w, "user_id:   ", c.UserID)
	fmt.Fprintln(w, "jti:       ", c.ID)
	fmt.Fprintln(w, "exp - iat: ", c.ExpiresAt-c.IssuedAt, "seconds")
	fmt.Fprintf(w, "iss=%q sub=%q aud=%q nbf=%d\n", c.Issuer, c.Subject, c.Audience, c.NotBefore)
	return nil
}

// StepKind is the step "Public and private claims".
func StepKind(w io.Writer) error {
	for _, name := range []string{"iss", "exp", "jti", "email", "http://example.com/is_root", "token_type", "user_id"} {
		fmt.Fprintf(w, "%-27s %s\n", name, Kind(name))
	}
	return nil
}

// StepAudience is the step "aud is a string or an array".
func StepAudience(w io.Writer) error {
	for _, seg := range []string{"eyJhdWQiOiJhcGkifQ", "eyJhdWQiOlsiYXBpIiwid2ViIl19", "eyJhdWQiOjQyfQ"} {
		c, err := ParseClaims(seg)
		fmt.Fprintf(w, "%q %v\n", c.Audience, err)
	}
	return nil
}

// StepClaimsUserID is the step "simplejwt's user_id".
func StepClaimsUserID(w io.Writer) error {
	for _, seg := range []string{"eyJ1c2VyX2lkIjoxfQ", "eyJ1c2VyX2lkIjoiMSJ9"} {
		c, err := ParseClaims(seg)
		fmt.Fprintf(w, "user_id %s %v\n", c.UserID, err)
	}
	return nil
}

// StepExactCase is the step "Claim names are case-sensitive".
func StepExactCase(w io.Writer) error {
	for _, text := range []string{`{"EXP":1795902955,"user_id":1}`, `{"TOKEN_TYPE":"access","user_id":1}`} {
		var naive Claims
		_ = json.Unmarshal([]byte(text), &naive)
		c, err := ParseClaims(base64.RawURLEncoding.EncodeToString([]byte(text)))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s\n  json.Unmarshal: exp=%d token_type=%q\n  ParseClaims:    exp=%d token_type=%q other=%d\n",
			text, naive.ExpiresAt, naive.TokenType, c.ExpiresAt, c.TokenType, len(c.Other))
	}
	return nil
}
