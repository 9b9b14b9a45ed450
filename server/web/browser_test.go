package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"jwtlab/internal/testenv"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestPageInChromium drives the page in headless Chromium against a
// cookie-mode server: log in, see that document.cookie lacks the refresh
// token while the browser holds it HttpOnly, wait for the silent refresh,
// watch a page on another origin fail to refresh (403), then log out and
// see the cookie gone.
func TestPageInChromium(t *testing.T) {
	exe := testenv.Program(t, "chromium")
	cfg := server.DevConfig()
	cfg.RefreshCookie = true
	cfg.RotateRefresh, cfg.BlacklistAfterRotation = true, true
	// The page refreshes at 80% of the access lifetime: 3 s puts the
	// silent refresh 2.4 s after login, inside the test's bounds.
	cfg.AccessLifetime = 3 * time.Second
	s := servertest.Start(t, servertest.WithConfig(cfg))

	// The other origin is the same host on another port: the same site,
	// so the browser sends the SameSite=Strict cookie with its form post,
	// and the Origin check is what refuses it.
	evil, err := servertest.NewHost(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>other origin</title>
<pre id="seen"></pre>
<form id="f" method="post" action="%s/api/token/refresh/"></form>
<button id="go" onclick="document.getElementById('f').submit()">go</button>
<script>document.getElementById("seen").textContent = document.cookie;</script>`, s.URL)
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(evil.Close)

	// Every step together is bounded: a hung browser fails the test
	// after a minute instead of holding CI.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		// CI runs as root, where Chromium's sandbox refuses to start.
		chromedp.NoSandbox,
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc() // stops the browser this test started, and only it
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	// waitFor evaluates a predicate in the page every 50 ms, for at most
	// 15 s; it survives navigations (a form post) that cut off
	// chromedp.Poll.
	waitFor := func(what, predicate string) {
		t.Helper()
		js := `(() => { try { return !!(` + predicate + `); } catch (e) { return false; } })()`
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if ok, err := chromedp.Run(bctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
		}
		where, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`location.href + " " + (document.body ? document.body.innerText : "")`))
		t.Fatalf("waiting for %s: not true after 15 s (page: %.300q)", what, where)
	}
	// cookies are the cookies the browser would send to the token endpoints.
	cookies := func() map[string]*network.Cookie {
		t.Helper()
		res, err := chromedp.Run(bctx, func(ctx context.Context, tg *chromedp.Target) (*network.GetCookiesResult, error) {
			r, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{s.URL + "/api/token/refresh/"}})
			return &r, err
		})
		if err != nil {
			t.Fatalf("reading the browser's cookies: %v", err)
		}
		m := map[string]*network.Cookie{}
		for _, c := range res.Cookies {
			m[c.Name] = c
		}
		return m
	}

	run("log in",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#password"), servertest.Password),
		chromedp.Click(chromedp.CSS("#login")),
	)
	waitFor("the login", `document.getElementById("status").textContent === "logged in"`)

	if got := eval("document.cookie", `document.cookie`); strings.Contains(got, "refresh_token") || !strings.Contains(got, "csrftoken=") {
		t.Errorf("document.cookie = %q; want csrftoken and no refresh_token", got)
	}
	jar := cookies()
	rc := jar["refresh_token"]
	if rc == nil || !rc.HTTPOnly || !rc.Secure || rc.SameSite != network.CookieSameSiteStrict || rc.Path != "/api/token/" {
		t.Fatalf("browser's refresh cookie = %+v; want it stored HttpOnly, Secure, SameSite=Strict on /api/token/ (Secure cookies from http://127.0.0.1)", rc)
	}
	if shown := eval("the page's cookie panel", `document.getElementById("cookies").textContent`); strings.Contains(shown, "refresh_token") {
		t.Errorf("the page shows document.cookie as %q; want no refresh_token", shown)
	}

	run("store the access token in localStorage", chromedp.Click(chromedp.CSS("#store-local")))
	if got := eval("localStorage", `localStorage.getItem("access_token") || ""`); !strings.HasPrefix(got, "ey") {
		t.Errorf("localStorage access_token = %q; want the token, readable by any script", got)
	}

	run("call /api/me/", chromedp.Click(chromedp.CSS("#me-btn")))
	waitFor("/api/me/", `document.getElementById("me").textContent.startsWith("200 ")`)

	waitFor("the silent refresh", `Number(document.getElementById("refreshes").textContent) >= 1`)
	// The next silent refresh must come before the refreshed access token
	// expires. Its iat is the refresh token's, not its own issue time, so
	// a timer counted from iat fired after exp.
	if in := eval("the next silent refresh", `String((claims(access).exp * 1000 - due) / 1000)`); strings.HasPrefix(in, "-") || in == "0" {
		t.Errorf("the access token expires %s s after the next silent refresh is due; want a positive number", in)
	}
	if nrc := cookies()["refresh_token"]; nrc == nil || nrc.Value == rc.Value {
		t.Errorf("after the silent refresh the refresh cookie is %+v; want a rotated value", nrc)
	}
	// Stop the page's timer and let a refresh already on the wire land:
	// its Set-Cookie would otherwise arrive after the logout below and
	// put a rotated cookie back (the two-tabs race, which the page does
	// not handle).
	eval("stop the silent refresh", `clearTimeout(timer), "stopped"`)
	for prev, tries := "", 0; tries < 20; tries++ {
		n := eval("the refresh count", `document.getElementById("refreshes").textContent`)
		if n == prev {
			break
		}
		prev = n
		time.Sleep(500 * time.Millisecond)
	}

	// The other origin: it can read csrftoken (cookies do not keep ports
	// apart), but its form post is refused on its Origin.
	run("open the other origin", chromedp.Navigate(evil.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#go")))
	if seen := eval("the other origin's document.cookie", `document.getElementById("seen").textContent`); strings.Contains(seen, "refresh_token") || !strings.Contains(seen, "csrftoken=") {
		t.Errorf("the other origin's document.cookie = %q; want csrftoken (cookies ignore ports) and no refresh_token", seen)
	}
	// Knowing csrftoken is not enough: a cross-origin fetch that sets
	// X-CSRFToken needs a CORS preflight, which the server never approves.
	fetchJS := `fetch("` + s.URL + `/api/token/refresh/", {method: "POST", credentials: "include",
		headers: {"X-CSRFToken": document.cookie.match(/csrftoken=([^;]*)/)[1]}})
		.then(r => "answered " + r.status, e => "blocked: " + e.name)`
	if got, err := chromedp.Run(bctx, chromedp.Evaluate[string](fetchJS, chromedp.EvalAwaitPromise)); err != nil || got != "blocked: TypeError" {
		t.Errorf("the other origin's fetch with X-CSRFToken = %q, %v; want it blocked by CORS (TypeError)", got, err)
	}
	run("post the other origin's form", chromedp.Click(chromedp.CSS("#go")))
	waitFor("the form's answer", `location.pathname === "/api/token/refresh/" && document.body && document.body.innerText.includes("detail")`)
	want := `{"detail":"CSRF Failed: Origin checking failed - ` + evil.URL + ` does not match any trusted origins."}`
	if got := eval("the form's answer", `document.body.innerText.trim()`); got != want {
		t.Errorf("the other origin's refresh answered %s; want %s", got, want)
	}

	run("back to the page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#logout")),
		chromedp.Click(chromedp.CSS("#logout")))
	waitFor("the logout", `document.getElementById("status").textContent === "logged out"`)
	// The browser applies Set-Cookie in its network process, which may
	// lag the page seeing the answer: give it a few seconds.
	rc = cookies()["refresh_token"]
	for deadline := time.Now().Add(5 * time.Second); rc != nil && time.Now().Before(deadline); rc = cookies()["refresh_token"] {
		time.Sleep(100 * time.Millisecond)
	}
	if rc != nil {
		t.Errorf("after logout the browser still holds refresh_token %+v; want it cleared", rc)
	}
	run("refresh after logout", chromedp.Click(chromedp.CSS("#refresh-btn")))
	waitFor("the refused refresh", `document.getElementById("status").textContent.startsWith("refresh failed: 400")`)
}
