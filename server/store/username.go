package store

import "golang.org/x/text/unicode/norm"

// NormalizeUsername is Django's AbstractBaseUser.normalize_username,
// which create_user applies: Unicode NFKC, so "ｄｅｍｏ" (fullwidth) is
// "demo" and the composed and decomposed spellings of "démo" are one
// name, never two accounts that look alike. Like Django, logins do not
// normalize: a user logs in with the name as stored.
func NormalizeUsername(username string) string { return norm.NFKC.String(username) }
