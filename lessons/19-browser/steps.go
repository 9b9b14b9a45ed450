package browser

import (
	"fmt"
	"io"
	"net/http"
)

// StepStorage is the step "A token in localStorage".
func StepStorage(w io.Writer) error {
	plain, err := Start(false)
	if err != nil {
		return err
	}
	defer plain.Close()
	fmt.Fprintln(w, "jwtlab serve:                ", plain.Login())
	lab, err := Start(true)
	if err != nil {
		return err
	}
	defer lab.Close()
	login := lab.Login()
	fmt.Fprintln(w, "jwtlab serve -refresh-cookie:", login)
	fmt.Fprintln(w, login.Lines())
	return nil
}

// StepCookie is the step "The refresh cookie".
func StepCookie(w io.Writer) error {
	lab, err := Start(true)
	if err != nil {
		return err
	}
	defer lab.Close()
	rc := lab.Login().Cookie("refresh_token")
	fmt.Fprintln(w, "Path:    ", rc.Path)
	fmt.Fprintln(w, "HttpOnly:", rc.HttpOnly)
	fmt.Fprintln(w, "Secure:  ", rc.Secure)
	fmt.Fprintln(w, "SameSite:", rc.SameSite == http.SameSiteStrictMode)
	fmt.Fprintln(w, "Max-Age: ", rc.MaxAge, "s, the refresh lifetime")
	return nil
}

// StepCSRF is the step "CSRF: the cookie needs a second proof".
func StepCSRF(w io.Writer) error {
	lab, rc, cc, err := StartSession()
	if err != nil {
		return err
	}
	defer lab.Close()
	const path = "/api/token/refresh/"
	post := func(h map[string]string, c ...*http.Cookie) Reply {
		return lab.Post(path, "", h, c...)
	}
	fmt.Fprintln(w, "no csrftoken cookie:", post(nil, rc))
	fmt.Fprintln(w, "no X-CSRFToken:     ", post(nil, rc, cc))
	evil := map[string]string{
		"Origin": "https://evil.example", "X-CSRFToken": cc.Value}
	fmt.Fprintln(w, "foreign Origin:     ", post(evil, rc, cc))
	own := map[string]string{"Origin": lab.URL, "X-CSRFToken": cc.Value}
	fmt.Fprintln(w, "own Origin + header:", post(own, rc, cc))
	// An API client that holds the token itself: no cookie, no CSRF.
	token := lab.Login().Cookie("refresh_token").Value
	body := `{"refresh":"` + token + `"}`
	fmt.Fprintln(w, "token in the body:  ", lab.Post(path, body, nil))
	return nil
}

// StepLogout is the step "Logging out through the cookie".
func StepLogout(w io.Writer) error {
	lab, rc, cc, err := StartSession()
	if err != nil {
		return err
	}
	defer lab.Close()
	csrf := map[string]string{"X-CSRFToken": cc.Value}
	out := lab.Post("/api/token/blacklist/", "", csrf, rc, cc)
	fmt.Fprintln(w, "logout:", out)
	fmt.Fprintln(w, out.Lines())
	again := lab.Post("/api/token/refresh/", "", csrf, rc, cc)
	fmt.Fprintln(w, "the old cookie again:", again)
	return nil
}

// StepURLs is the step "No tokens in URLs or logs; the access token in
// memory".
func StepURLs(w io.Writer) error {
	lab, err := Start(false)
	if err != nil {
		return err
	}
	defer lab.Close()
	access := lab.Login().Access()
	client, url, stop, err := Logged(w)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintln(w, "the server's access log:")
	for _, req := range []struct{ path, header string }{
		{"/api/me/?access_token=" + access, ""},
		{"/api/me/", "Bearer " + access},
	} {
		r, err := http.NewRequest(http.MethodGet, url+req.path, nil)
		if err != nil {
			return err
		}
		if req.header != "" {
			r.Header.Set("Authorization", req.header)
		}
		resp, err := client.Do(r)
		if err != nil {
			return err
		}
		resp.Body.Close()
	}
	return nil
}
