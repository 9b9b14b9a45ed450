package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"jwtlab/internal/jose"
)

// Layout constants, in terminal cells.
const (
	maxTokenLines = 6  // the coloured token; longer tokens end in "…"
	sideBySide    = 90 // from this width header and payload sit side by side
	bytesPerRow   = 12 // byte view: 12 bytes = 16 base64url characters
	minBodyLines  = 3  // keep a little body even in a tiny window
	liveLogShown  = 8  // live log lines on screen; the panel sits below the token
	sigBytesShown = 16 // signature bytes shown in hex; the byte view has them all
)

// View draws the model. It is pure: everything comes from m, including
// the clock (m.now), so the same model always draws the same screen.
func (m Model) View() string {
	body := []string{m.titleLine()}
	var panel []string // kept whole when the window is short; body gives way
	switch {
	case m.mode == modeLogin:
		body = append(body, m.loginView()...)
	case m.mode == modePaste || m.tok == nil:
		body = append(body, m.pasteView()...)
	default:
		body = append(body, m.tokenView()...)
		panel = m.panelView()
	}
	var foot []string
	if m.mode == modeKey {
		foot = append(foot, m.keyInput.View(), m.styles.Dim.Render("enter: use it · esc: cancel · a URL is fetched as a JWKS, an existing file is read, anything else is an HMAC secret"))
	}
	if m.status != "" {
		foot = append(foot, m.status)
	}
	switch m.mode {
	case modePaste:
		hint := "enter: inspect · ctrl+c: quit"
		if m.tok != nil {
			hint = "enter: inspect · esc: back · ctrl+c: quit"
		}
		foot = append(foot, m.styles.Dim.Render(hint))
	case modeLogin:
		// the form carries its own hint line
	default:
		foot = append(foot, m.help.View(m.keys))
	}
	return fit(strings.Join(body, "\n"), strings.Join(panel, "\n"), strings.Join(foot, "\n"), m.width, m.height)
}

// fit cuts every line to width and drops lines so that everything fills
// at most height lines: the screen never scrolls or wraps, whatever the
// window size. The foot (help, prompts) stays; then the panel the user
// chose; the body above gives way first, from its bottom.
func fit(body, panel, foot string, width, height int) string {
	cut := func(s string) []string {
		if s == "" {
			return nil
		}
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, width, "…")
		}
		return lines
	}
	b, p, f := cut(body), cut(panel), cut(foot)
	room := max(height-len(f), minBodyLines)
	if len(b)+len(p) > room {
		// Keep the title and the token's first line, then the panel.
		keep := max(room-len(p), min(len(b), minBodyLines))
		b = b[:min(keep, len(b))]
		p = p[:min(max(room-len(b), 0), len(p))]
	}
	out := append(append(b, p...), f...)
	if len(out) > height {
		out = out[:height]
	}
	return strings.Join(out, "\n")
}

func (m Model) titleLine() string {
	title := m.styles.Title.Render("jwtlab inspect")
	clock := m.now.UTC().Format(time.DateTime + " UTC")
	right := clock
	if m.live != nil {
		who := m.live.username
		if who == "" {
			who = "not logged in"
		}
		right = fmt.Sprintf("live: %s @ %s · %s", who, m.live.server, clock)
	}
	gap := max(m.width-lipgloss.Width(title)-lipgloss.Width(right), 1)
	return title + strings.Repeat(" ", gap) + m.styles.Dim.Render(right)
}

func (m Model) pasteView() []string {
	out := []string{"", "Paste a token. It is decoded here and never sent anywhere.", m.paste.View()}
	if m.parseErr != nil && m.paste.Value() != "" {
		out = append(out, m.styles.Bad.Render("cannot decode: ")+m.parseErr.Error())
	}
	return out
}

func (m Model) loginView() []string {
	out := []string{"", fmt.Sprintf("Log in to %s (POST /api/token/)", m.cfg.Server)}
	if m.serverErr != nil {
		out = append(out, m.styles.Bad.Render(m.serverErr.Error()))
	}
	out = append(out, m.user.View(), m.password.View(),
		m.styles.Dim.Render("tab: switch field · enter: log in · ctrl+c: quit"))
	if m.live.busy != "" {
		out = append(out, m.live.busy+"...")
	}
	return append(out, m.logLines(liveLogShown)...)
}

func (m Model) tokenView() []string {
	t := m.tok
	out := []string{""}
	out = append(out, m.colouredToken()...)
	out = append(out, "")

	header := m.styles.Label.Render("HEADER") + m.styles.Dim.Render(" (alg & type)") + "\n" + m.objectJSON(t.Params, m.claim, m.styles.Header)
	payload := m.styles.Label.Render("PAYLOAD") + m.styles.Dim.Render(" (claims)") + "\n" + m.payloadJSON()
	if m.width >= sideBySide {
		left := m.width / 3
		header = lipgloss.NewStyle().Width(left).Render(cutLines(header, left-1))
		payload = cutLines(payload, m.width-left)
		out = append(out, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, header, payload), "\n")...)
	} else {
		out = append(out, strings.Split(header, "\n")...)
		out = append(out, strings.Split(payload, "\n")...)
	}
	out = append(out, "")
	out = append(out, m.claimExplanation()...)
	return append(out, m.times()...)
}

// panelView is the tab bar and the chosen panel.
func (m Model) panelView() []string {
	out := []string{"", m.tabs()}
	switch m.panel {
	case panelSignature:
		out = append(out, m.signaturePanel()...)
	case panelBytes:
		out = append(out, m.bytesPanel()...)
	case panelWarnings:
		out = append(out, m.warningsPanel()...)
	case panelLive:
		out = append(out, m.livePanel()...)
	}
	return out
}

// colouredToken wraps the token to the width, header, payload and
// signature each in their colour, the dots between them bold.
func (m Model) colouredToken() []string {
	t := m.tok
	h, p := len(t.Segments[0]), len(t.Segments[1])
	// part numbers the five runs of a token: header, dot, payload, dot, signature.
	part := func(x int) int {
		switch {
		case x < h:
			return 0
		case x == h:
			return 1
		case x < h+1+p:
			return 2
		case x == h+1+p:
			return 3
		}
		return 4
	}
	styles := [5]lipgloss.Style{m.styles.Header, m.styles.Dot, m.styles.Payload, m.styles.Dot, m.styles.Signature}
	raw := t.Raw
	w := max(m.width, 1)
	var lines []string
	for start := 0; start < len(raw); start += w {
		end := min(start+w, len(raw))
		var b strings.Builder
		for i := start; i < end; { // one Render per run: fewer escape codes
			j := i
			for j < end && part(j) == part(i) {
				j++
			}
			b.WriteString(styles[part(i)].Render(raw[i:j]))
			i = j
		}
		lines = append(lines, b.String())
		if len(lines) == maxTokenLines && end < len(raw) {
			lines[len(lines)-1] = ansi.Truncate(lines[len(lines)-1], w-len(" …"), "") + " …"
			break
		}
	}
	return lines
}

func cutLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, max(w, 1), "…")
	}
	return strings.Join(lines, "\n")
}

// payloadJSON pretty-prints the claims, or shows a payload that is not
// JSON as a quoted string.
func (m Model) payloadJSON() string {
	t := m.tok
	if !t.PayloadIsJSON() {
		return m.styles.Payload.Render(fmt.Sprintf("(not JSON: %d bytes) %q", len(t.Payload), t.Payload))
	}
	return m.objectJSON(t.Claims, m.claim-len(t.Params), m.styles.Payload)
}

// objectJSON pretty-prints members in token order, the one at selected
// (if any) highlighted and marked.
func (m Model) objectJSON(members []jose.Claim, selected int, style lipgloss.Style) string {
	lines := []string{style.Render("{")}
	for i, c := range members {
		var v bytes.Buffer
		if json.Indent(&v, c.Value, "  ", "  ") != nil {
			v.Write(c.Value)
		}
		comma := ","
		if i == len(members)-1 {
			comma = ""
		}
		text := fmt.Sprintf("  %q: %s%s", c.Name, v.String(), comma)
		st := style
		if i == selected {
			st = m.styles.Selected
			text = "▸" + text[1:]
		}
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, st.Render(l))
		}
	}
	lines = append(lines, style.Render("}"))
	return strings.Join(lines, "\n")
}

// claimExplanation explains the selected header parameter or claim.
func (m Model) claimExplanation() []string {
	t := m.tok
	n := len(t.Params) + len(t.Claims)
	if n == 0 {
		return nil
	}
	i := min(m.claim, n-1)
	var c jose.Claim
	var info claimInfo
	var ok bool
	if i < len(t.Params) {
		c = t.Params[i]
		if info, ok = headerDocs[c.Name]; !ok {
			info = claimInfo{"Header parameter", "Not one jwtlab has notes on; RFC 7515 §4.1 lists the registered ones.", "RFC 7515 §4"}
		}
	} else {
		c = t.Claims[i-len(t.Params)]
		if info, ok = claimDocs[c.Name]; !ok {
			info = claimInfo{"Private claim", "Not registered with IANA: its meaning is whatever issuer and receiver agreed.", "RFC 7519 §4.3"}
		}
	}
	out := []string{
		m.styles.Label.Render(fmt.Sprintf("%s: %s", c.Name, info.Title)) + m.styles.Dim.Render(" · "+info.Ref),
		wrap(info.Meaning, m.width),
	}
	if i >= len(t.Params) && isDateClaim(c.Name) {
		if at, ok, err := t.NumericDate(c.Name); ok && err == nil {
			out = append(out, fmt.Sprintf("%s · %s", at.Format(time.DateTime+" UTC"), jose.Relative(c.Name, at, m.now)))
		}
	}
	return out
}

func isDateClaim(name string) bool { return name == "exp" || name == "nbf" || name == "iat" }

// times lists the token's NumericDates as UTC and relative to the clock.
func (m Model) times() []string {
	var out []string
	for _, name := range []string{"iat", "nbf", "exp"} {
		at, ok, err := m.tok.NumericDate(name)
		if !ok || err != nil {
			continue
		}
		rel := jose.Relative(name, at, m.now)
		style := m.styles.Dim
		if name == "exp" {
			style = m.styles.Good
			if !m.now.Before(at) {
				style = m.styles.Bad
			}
		}
		out = append(out, fmt.Sprintf("%-4s %s  %s", name, at.Format(time.DateTime+" UTC"), style.Render(rel)))
	}
	if len(out) > 0 {
		out = append([]string{""}, out...)
	}
	return out
}

func (m Model) tabs() string {
	var parts []string
	for i, name := range panelNames {
		p := panel(i)
		if p == panelLive && m.live == nil {
			continue
		}
		if p == panelWarnings {
			name = fmt.Sprintf("%s (%d)", name, len(m.warnings))
		}
		if p == m.panel {
			parts = append(parts, m.styles.ActiveTab.Render("["+name+"]"))
		} else {
			parts = append(parts, m.styles.Tab.Render(" "+name+" "))
		}
	}
	return strings.Join(parts, "")
}

func (m Model) signaturePanel() []string {
	t := m.tok
	label := m.label
	alg := t.Alg()
	desc := "not an algorithm jwtlab knows"
	if a, err := jose.Lookup(alg); err == nil {
		desc = a.Describe()
	} else if strings.EqualFold(alg, "none") {
		desc = "no signature at all"
	}
	input := t.SigningInput()
	out := []string{
		label("alg") + alg + m.styles.Dim.Render(" · "+desc),
		label("input") + m.styles.Dim.Render(fmt.Sprintf("ASCII(header) \".\" ASCII(payload), %d bytes, is what gets signed:", len(input))),
		"        " + m.styles.Header.Render(ansi.Truncate(t.Segments[0], max(m.width/3, 8), "…")) + m.styles.Dot.Render(".") +
			m.styles.Payload.Render(ansi.Truncate(t.Segments[1], max(m.width/2, 8), "…")),
		label("sig") + fmt.Sprintf("%d bytes: %s", len(t.Signature), hexBytes(t.Signature, sigBytesShown)),
	}
	switch {
	case m.keyErr != nil:
		out = append(out, label("key")+wrapAfterLabel(m.styles.Bad, "not loaded: "+m.keyErr.Error(), m.width))
	case len(m.keyset) == 0:
		hint := "none · press e to give an HMAC secret, a PEM/JWK key file or a JWKS URL"
		if m.live != nil {
			hint = "none · press v to have the server verify it"
		}
		out = append(out, label("key")+m.styles.Dim.Render(hint))
	default:
		out = append(out, label("key")+m.keyLabel)
	}
	switch {
	case len(m.keyset) == 0:
		out = append(out, label("status")+m.styles.Dim.Render("not verified"))
	case m.verifyErr != nil:
		out = append(out, label("status")+wrapAfterLabel(m.styles.Bad, m.verifyErr.Error(), m.width))
	default:
		pinned := m.cfg.Alg
		if pinned == "" {
			pinned = m.verified.PinnedAlg()
		}
		out = append(out, label("status")+m.styles.Good.Render(fmt.Sprintf("signature valid: %s, pinned %s, with the %s", alg, pinned, m.verified.Kind())))
	}
	return out
}

// hexBytes shows up to n bytes in hex, then how many more there are.
func hexBytes(b []byte, n int) string {
	var parts []string
	for i, c := range b {
		if i == n {
			parts = append(parts, fmt.Sprintf("… +%d", len(b)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("%02x", c))
	}
	return strings.Join(parts, " ")
}

var segmentNames = [3]string{"header", "payload", "signature"}

// bytesPanel shows one segment's base64url characters beside the bytes
// they decode to: every 4 characters carry 3 bytes (4 × 6 bits = 24).
func (m Model) bytesPanel() []string {
	t := m.tok
	text := t.Segments[m.segment]
	data := [3][]byte{t.HeaderJSON, t.Payload, t.Signature}[m.segment]
	style := [3]lipgloss.Style{m.styles.Header, m.styles.Payload, m.styles.Signature}[m.segment]
	out := []string{m.styles.Dim.Render(fmt.Sprintf("%s: %d base64url characters -> %d bytes; every 4 characters (4 x 6 bits) carry 3 bytes · s: next segment",
		segmentNames[m.segment], len(text), len(data)))}
	rows := byteRows(t, m.segment)
	first := min(m.scroll, max(rows-1, 0))
	charsPerRow := bytesPerRow / 3 * 4
	for r := first; r < rows; r++ {
		chunk := data[r*bytesPerRow : min((r+1)*bytesPerRow, len(data))]
		chars := text[r*charsPerRow : min((r+1)*charsPerRow, len(text))]
		// Pad before styling: escape codes would upset %-16s.
		hexWidth := bytesPerRow*3 - 1 // "xx" per byte, one space between
		out = append(out, fmt.Sprintf("%s  %-*s  %s", style.Render(fmt.Sprintf("%-*s", charsPerRow, chars)), hexWidth, hexBytes(chunk, bytesPerRow), printable(chunk)))
	}
	return out
}

// byteRows is how many rows the byte view of a segment takes.
func byteRows(t *jose.Token, segment int) int {
	n := [3]int{len(t.HeaderJSON), len(t.Payload), len(t.Signature)}[segment]
	return (n + bytesPerRow - 1) / bytesPerRow
}

// printable shows bytes as text where they are printable ASCII.
func printable(b []byte) string {
	r := make([]byte, len(b))
	for i, c := range b {
		if c >= 0x20 && c < 0x7f {
			r[i] = c
		} else {
			r[i] = '.'
		}
	}
	return string(r)
}

func (m Model) warningsPanel() []string {
	if len(m.warnings) == 0 {
		return []string{m.styles.Good.Render("no warnings")}
	}
	var out []string
	for _, w := range m.warnings {
		out = append(out, m.styles.Warn.Render("! "+w.Code), "  "+strings.ReplaceAll(wrap(w.Message, m.width-2), "\n", "\n  "))
	}
	return out
}

func (m Model) livePanel() []string {
	l := m.live
	label := m.label
	out := []string{label("server") + l.server + "  user " + l.username}
	for _, tk := range []struct{ name, token string }{{"access", l.access}, {"refresh", l.refresh}} {
		t, err := jose.Parse(tk.token)
		if err != nil {
			continue
		}
		line := label(tk.name) + jti(tk.token)
		if exp, ok, err := t.NumericDate("exp"); ok && err == nil {
			line += " · " + jose.Relative("exp", exp, m.now)
		}
		out = append(out, line)
	}
	if l.busy != "" {
		out = append(out, l.busy+"...")
	}
	return append(out, m.logLines(liveLogShown)...)
}

// logLines shows the newest live-log lines last.
func (m Model) logLines(n int) []string {
	log := m.live.log
	if len(log) > n {
		log = log[len(log)-n:]
	}
	var out []string
	for _, l := range log {
		text := l.text
		if l.bad {
			text = m.styles.Bad.Render(text)
		}
		out = append(out, m.styles.Dim.Render(l.at.UTC().Format(time.TimeOnly))+" "+text)
	}
	return out
}

// minWrap keeps wrapped text readable in a very narrow window; fit cuts
// whatever still overflows.
const minWrap = 20

// wrap breaks s into lines of at most w cells.
func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(w, minWrap)).Render(s)
}

// labelWidth is the column where panel values start, after an 8-cell label.
const labelWidth = 8

// label renders a panel row's label, padded to labelWidth.
func (m Model) label(s string) string {
	return m.styles.Label.Render(fmt.Sprintf("%-*s", labelWidth, s))
}

// wrapAfterLabel wraps s to fit beside a label, each line in style,
// continuation lines indented to line up under the first.
func wrapAfterLabel(style lipgloss.Style, s string, width int) string {
	lines := strings.Split(wrap(s, width-labelWidth), "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
		if i > 0 {
			lines[i] = strings.Repeat(" ", labelWidth) + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
