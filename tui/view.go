package tui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"jwtlab/internal/jose"
	"jwtlab/internal/reltime"
)

// Layout constants, in terminal cells.
const (
	maxTokenLines   = 6   // the coloured token in a tall window; longer tokens end in "…"
	shortTokenLines = 2   // the same in a window under tallWindow lines
	tallWindow      = 40  // from this height the raw token gets maxTokenLines
	sideBySide      = 90  // from this width header and payload always sit side by side
	columnGap       = 2   // between the header and the payload column
	liveLogShown    = 8   // live log lines on screen; the panel sits below the token
	sigBytesShown   = 16  // signature bytes shown in hex; the byte view has them all
	fullValueMax    = 200 // lines of a full value shown; a megabyte claim must not freeze the screen
	payloadLines    = 2   // lines of a payload that is no claims set shown before f
)

// View draws the model: the title, the scrolling body, the foot. It is
// pure: the body was laid out by Update (layout), and everything else
// comes from m, including the clock (m.now).
func (m Model) View() string {
	foot := m.footLines()
	out := cut([]string{m.titleLine()}, m.width)
	if m.height-1-len(foot) > 0 {
		out = append(out, strings.Split(m.body.View(), "\n")...)
	}
	out = append(out, foot...)
	if len(out) > m.height {
		// A window too small for title, body and foot: the foot (help,
		// prompts) matters most, then the title.
		out = append(out[:1], out[len(out)-m.height+1:]...)[:m.height]
	}
	return strings.Join(out, "\n")
}

// footLines are the fixed lines under the body: the key prompt, the
// status line and the help, each cut to the width.
func (m Model) footLines() []string {
	var foot []string
	// The full help (?) takes the note's place: both would leave a small
	// window no body at all (a 60x20 live screen), and ? brings it back.
	if m.tok != nil && (m.mode == modeInspect && !m.help.ShowAll || m.mode == modeKey || m.mode == modeEdit) {
		foot = append(append(foot, ""), m.claimExplanation()...)
	}
	if m.mode == modeKey {
		foot = append(foot, m.keyInput.View(), wrapIndent(0, m.styles.Dim, "enter: use it · esc: cancel · URL: a JWKS · path: a key file · else: HMAC secret", m.width))
	}
	if m.mode == modeEdit {
		foot = append(foot, m.editInput.View(), wrapIndent(0, m.styles.Dim, "enter: apply (old signature kept) · esc: cancel · JSON or text; empty removes", m.width))
	}
	if m.status != "" {
		// Escaped: it quotes servers, keys and tokens. Wrapped, not cut:
		// its end is often the reason.
		foot = append(foot, wrapIndent(0, lipgloss.NewStyle(), Escape(m.status), m.width))
	}
	switch m.mode {
	case modePaste:
		hint := "enter: inspect · ctrl+c: quit"
		if m.tok != nil {
			hint = "enter: inspect · esc: back · ctrl+c: quit"
		}
		foot = append(foot, m.styles.Dim.Render(hint))
	case modeLogin, modeKey, modeEdit:
		// The form or prompt carries its own hint line: while typing,
		// the inspector's keys are letters of the text.
	default:
		foot = append(foot, m.helpView())
	}
	return cut(foot, m.width)
}

// cut cuts every line to width, marking the cut with "…"; an element
// holding several lines (wrapped text) becomes several. Every line on
// screen passes through it, so it is also where sanitize stops control
// characters a render site failed to escape.
func cut(lines []string, width int) []string {
	out := flatten(lines)
	for i, l := range out {
		out[i] = ansi.Truncate(sanitize(l), max(width, 1), "…")
	}
	return out
}

// sanitize is the screen's last defence against text from a token or a
// server: the inspector's styles write only SGR sequences (ESC [ params
// m, colours and bold), so any other control character, or an ESC that
// starts anything else (a title, a cursor move, a clear), did not come
// from them and is shown as \uXXXX, as Escape shows it. Text is meant
// to be escaped where it is drawn; this catches what was missed. Bytes
// that are not UTF-8 show as U+FFFD, as Escape shows them.
func sanitize(s string) string {
	if strings.IndexFunc(s, hidden) < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if end := sgrEnd(s, i); end > i {
			b.WriteString(s[i:end])
			i = end
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if hidden(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r) // utf8.RuneError for a byte that is not UTF-8
		}
		i += n
	}
	return b.String()
}

// sgrEnd is the end of the SGR sequence starting at s[i], or -1.
func sgrEnd(s string, i int) int {
	if !strings.HasPrefix(s[i:], "\x1b[") {
		return -1
	}
	j := i + 2
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
		j++
	}
	if j < len(s) && s[j] == 'm' {
		return j + 1
	}
	return -1
}

// flatten splits elements that hold several lines, so that an index into
// the result is a screen line.
func flatten(lines []string) []string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.Split(l, "\n")...)
	}
	return out
}

// layout refills the body viewport for the current state and size, and
// scrolls it to what the last key asked to see. Update calls it after
// every message, so View only reads.
func (m Model) layout() Model {
	lines, sel, panelAt := m.bodyLines()
	m.body.Width = max(m.width, 1)
	m.body.Height = max(m.height-1-len(m.footLines()), 1)
	m.body.SetContent(strings.Join(cut(lines, m.width), "\n"))
	// A taller window or a shorter body can leave the offset past the
	// end; SetYOffset clamps it, so no blank space hangs below the body.
	m.body.SetYOffset(m.body.YOffset)
	h := m.body.Height
	switch m.follow {
	case followClaim:
		// The selected member, and its explanation below the claims when
		// both fit in the window.
		last := sel[1]
		if sel[2]-sel[0] < h {
			last = sel[2]
		}
		if sel[0] < m.body.YOffset {
			m.body.SetYOffset(sel[0])
		} else if last >= m.body.YOffset+h {
			m.body.SetYOffset(last - h + 1)
		}
	case followBottom:
		m.body.GotoBottom()
	case followPanel:
		// The panel runs from the tab bar to the body's end. Show all of
		// it, below as much of the token as fits; a panel taller than the
		// window starts at the top with its tab bar.
		end := m.body.TotalLineCount() - 1
		switch {
		case panelAt < 0:
		case panelAt >= m.body.YOffset && end < m.body.YOffset+h:
		case end-panelAt < h:
			m.body.SetYOffset(end - h + 1)
		default:
			m.body.SetYOffset(panelAt)
		}
	}
	m.follow = followNone
	return m
}

// bodyLines is everything the body can scroll through. sel holds the
// first and last line of the selected member and the last line of its
// explanation; panelAt is the tab bar's line, -1 when there is none.
func (m Model) bodyLines() (lines []string, sel [3]int, panelAt int) {
	switch {
	case m.mode == modeLogin:
		return m.loginView(), sel, -1
	case m.mode == modePaste || m.tok == nil:
		return m.pasteView(), sel, -1
	}
	lines, sel = m.tokenView()
	panelAt = len(lines) + 1 // after the blank line panelView starts with
	return append(lines, flatten(m.panelView())...), sel, panelAt
}

func (m Model) titleLine() string {
	title := m.styles.Title.Render("jwtlab inspect")
	if v, style := m.headline(); v != "" {
		title += m.styles.Dim.Render(" · ") + style.Render(v)
	}
	day := m.now.UTC().Format(time.DateTime + " UTC")
	clock := m.now.UTC().Format(time.TimeOnly + " UTC")
	// The right side, longest first; the first that fits beside the
	// verdict is shown, else none: the verdict matters most, and the Live
	// panel names the server.
	rights := []string{day, clock, ""}
	if m.live != nil {
		who := nameText(m.live.username)
		if who == "" {
			who = "not logged in"
		}
		server := nameText(m.live.server)
		rights = []string{
			fmt.Sprintf("live: %s @ %s · %s", who, server, day),
			fmt.Sprintf("live: %s @ %s · %s", who, server, clock),
			fmt.Sprintf("live: %s · %s", who, clock),
			"live · " + clock,
			"",
		}
	}
	var right string
	for _, right = range rights {
		if lipgloss.Width(title)+titleGap+lipgloss.Width(right) <= m.width {
			break
		}
	}
	gap := max(m.width-lipgloss.Width(title)-lipgloss.Width(right), titleGap)
	return title + strings.Repeat(" ", gap) + m.styles.Dim.Render(right)
}

// titleGap keeps the title's two sides apart, so they never read as one.
const titleGap = 3

// headline is the verdict in a few words for the title line, so that an
// unsigned, forged or expired token shows on every screen, however far the
// body is scrolled from the Signature panel.
func (m Model) headline() (string, lipgloss.Style) {
	t := m.tok
	if t == nil || m.mode == modePaste || m.mode == modeLogin {
		return "", m.styles.Dim
	}
	// A verifier refuses an expired token, and one whose nbf is ahead
	// (RFC 7519 §4.1.4, §4.1.5), whatever its signature.
	when := ""
	if jose.HasCode(m.warnings, jose.WarnExpired) {
		when = "EXPIRED"
	} else if jose.HasCode(m.warnings, jose.WarnNbfFuture) {
		when = "NOT YET VALID"
	}
	switch {
	case t.JWE != nil:
		return "encrypted (JWE)", m.styles.Warn
	case strings.EqualFold(t.Alg(), "none"):
		return `alg "none": UNSIGNED`, m.styles.Bad
	case len(m.keyset) == 0 && when != "":
		return "not verified · " + when, m.styles.Bad
	case len(m.keyset) == 0:
		return "not verified", m.styles.Dim
	case errors.Is(m.verifyErr, jose.ErrSignature):
		return "signature INVALID", m.styles.Bad
	case m.verifyErr != nil:
		return "signature refused", m.styles.Bad
	case when != "":
		return "signature valid but " + when, m.styles.Bad
	}
	return "signature valid", m.styles.Good
}

func (m Model) pasteView() []string {
	out := []string{"", "Paste a token. It is decoded here and never sent anywhere.", m.paste.View()}
	if m.parseErr != nil && m.paste.Value() != "" {
		out = append(out, wrapIndent(0, m.styles.Bad, "cannot decode: "+Escape(m.parseErr.Error()), m.width))
	}
	return out
}

func (m Model) loginView() []string {
	out := []string{"", fmt.Sprintf("Log in to %s (POST /api/token/)", Escape(m.cfg.Server))}
	if m.serverErr != nil {
		out = append(out, m.styles.Bad.Render(Escape(m.serverErr.Error())))
	}
	out = append(out, m.user.View(), m.password.View(),
		m.styles.Dim.Render("tab: switch field · enter: log in · ctrl+c: quit"))
	if m.live.busy != "" {
		out = append(out, m.live.busy+"...")
	}
	return append(out, m.logLines(liveLogShown)...)
}

// tokenView is the decoded token: claims first (what a reader came
// for), then the selected member explained, the times, and the raw token.
func (m Model) tokenView() (out []string, sel [3]int) {
	t := m.tok
	out = []string{""}
	at, _ := m.selection() // -1, marking nothing, when there is no member
	header, hsel := m.objectJSON(t.Params, at, m.styles.Header)
	header = append([]string{m.styles.Label.Render("HEADER") + m.styles.Dim.Render(" (alg & type)")}, header...)
	var payload []string
	// prose is sentences wrapped to the payload's column once the layout
	// is known: a JWE's description, cut at the window's edge, would lose
	// its end.
	var prose []string
	// text is a payload that is no claims set, wrapped like prose but
	// only its first payloadLines before f.
	var text string
	psel := [2]int{-1, -1}
	switch {
	case t.JWE != nil:
		prose = encryptedLines(t)
	case t.PayloadIsJSON():
		payload, psel = m.objectJSON(t.Claims, at-len(t.Params), m.styles.Payload)
	default:
		if inner, ok := t.Nested(); ok {
			payload = []string{m.styles.Dim.Render("o: open it as a token (RFC 7519 §5.2)")}
			text = inner
			break
		}
		text = fmt.Sprintf("(%d bytes) %s", len(t.Payload), payloadText(t.Payload))
	}
	payload = append([]string{m.styles.Label.Render("PAYLOAD") + m.styles.Dim.Render(" ("+payloadLabel(t)+")")}, payload...)
	top := len(out) + 1 // +1: the label line above each object
	if at < len(t.Params) {
		sel = [3]int{top + hsel[0], top + hsel[1]}
	} else {
		sel = [3]int{top + psel[0], top + psel[1]}
	}

	// Side by side when both fit, or in a wide window (the payload is
	// then cut, and f shows a whole value); else the payload below.
	left := widest(header) + columnGap
	if m.width >= sideBySide || left+max(widest(payload), widest(prose), ansi.StringWidth(text)) <= m.width {
		left = min(left, m.width/2)
		payload = append(payload, m.wrapProse(prose, m.width-left)...)
		payload = append(payload, m.wrapPayload(text, m.width-left)...)
		col := lipgloss.NewStyle().Width(left)
		rows := max(len(header), len(payload))
		for i := range rows {
			var h, p string
			if i < len(header) {
				h = ansi.Truncate(header[i], left-columnGap, "…")
			}
			if i < len(payload) {
				p = payload[i]
			}
			out = append(out, col.Render(h)+p)
		}
	} else {
		payload = append(payload, m.wrapProse(prose, m.width)...)
		payload = append(payload, m.wrapPayload(text, m.width)...)
		out = append(out, header...)
		if at >= len(t.Params) {
			sel[0], sel[1] = sel[0]+len(header), sel[1]+len(header)
		}
		out = append(out, payload...)
	}
	if c, _, ok := m.selected(); ok && m.full {
		out = append(out, "")
		out = append(out, m.fullValue(c)...)
	}
	sel[2] = len(out) - 1
	out = append(out, m.times()...)
	out = append(out, "")
	return append(out, m.colouredToken()...), sel
}

// wrapProse wraps each sentence to width in the payload's colour.
func (m Model) wrapProse(prose []string, width int) []string {
	var out []string
	for _, s := range prose {
		out = append(out, strings.Split(wrapIndent(0, m.styles.Payload, s, width), "\n")...)
	}
	return out
}

// wrapPayload wraps a payload that is no claims set to width: its first
// payloadLines, the last ending "… f: all" when there is more, or after f
// all of it, up to fullValueMax lines.
func (m Model) wrapPayload(text string, width int) []string {
	if text == "" {
		return nil
	}
	// Wrap breaks a word longer than a line too: a nested token has no
	// spaces to break at.
	lines := strings.Split(ansi.Wrap(text, max(width, minWrap), ""), "\n")
	limit := payloadLines
	if m.full {
		limit = fullValueMax
	}
	if len(lines) > limit {
		const more = " … f: all"
		lines = lines[:limit]
		lines[limit-1] = ansi.Truncate(lines[limit-1], max(width, minWrap)-ansi.StringWidth(more), "") + more
	}
	for i, l := range lines {
		lines[i] = m.styles.Payload.Render(l)
	}
	return lines
}

// widest is the widest of lines, in cells.
func widest(lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, ansi.StringWidth(l))
	}
	return w
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

// colouredToken wraps the token to the width, each segment in its colour
// (a JWS: header, payload, signature; a JWE: header, encrypted key, IV,
// ciphertext, tag), the dots between them bold.
func (m Model) colouredToken() []string {
	raw := m.tok.Raw
	segStyles := []lipgloss.Style{m.styles.Header, m.styles.Payload, m.styles.Signature}
	if m.tok.JWE != nil {
		segStyles = []lipgloss.Style{m.styles.Header, m.styles.Signature, m.styles.Dim, m.styles.Payload, m.styles.Signature}
	}
	// style[x] is the style of raw[x]: its segment's, or Dot for a dot;
	// run[x] numbers the runs of one style (segment 0, dot 1, segment 2...).
	style := make([]lipgloss.Style, len(raw))
	run := make([]int, len(raw))
	seg := 0
	for x := range raw {
		if raw[x] == '.' {
			style[x], run[x] = m.styles.Dot, 2*seg+1
			seg++
			continue
		}
		style[x], run[x] = segStyles[min(seg, len(segStyles)-1)], 2*seg
	}
	part := func(x int) int { return run[x] }
	w := max(m.width, 1)
	n := maxTokenLines
	if m.height < tallWindow {
		n = shortTokenLines // small screens keep their lines for the claims
	}
	var lines []string
	for start := 0; start < len(raw); start += w {
		end := min(start+w, len(raw))
		var b strings.Builder
		for i := start; i < end; { // one Render per run: fewer escape codes
			j := i
			for j < end && part(j) == part(i) {
				j++
			}
			b.WriteString(style[i].Render(raw[i:j]))
			i = j
		}
		lines = append(lines, b.String())
		if len(lines) == n && end < len(raw) {
			lines[len(lines)-1] = ansi.Truncate(lines[len(lines)-1], w-len(" …"), "") + " …"
			break
		}
	}
	return lines
}

// objectJSON pretty-prints members in token order, the one at selected
// (if any) highlighted and marked; sel is its first and last line.
func (m Model) objectJSON(members []jose.Claim, selected int, style lipgloss.Style) (lines []string, sel [2]int) {
	lines = []string{style.Render("{")}
	sel = [2]int{-1, -1}
	for i, c := range members {
		var v bytes.Buffer
		if json.Indent(&v, c.Value, "  ", "  ") != nil {
			v.Write(c.Value)
		}
		comma := ","
		if i == len(members)-1 {
			comma = ""
		}
		// The name escaped as JSON, as the value already is: a member
		// line reads as the JSON it is.
		text := "  " + quoteJSON(c.Name) + ": " + Escape(v.String()) + comma
		st := style
		if i == selected {
			st = m.styles.Selected
			text = "▸" + text[1:]
			sel[0] = len(lines)
		}
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, st.Render(l))
		}
		if i == selected {
			sel[1] = len(lines) - 1
		}
	}
	lines = append(lines, style.Render("}"))
	return lines, sel
}

// claimExplanation explains the selected header parameter or claim.
// It sits in the foot, above the help, so it stays on screen however far
// down a long token the selection is.
func (m Model) claimExplanation() []string {
	c, param, ok := m.selected()
	if !ok {
		return nil
	}
	info := m.note(c.Name, param)
	meaning := strings.Split(wrap(info.Meaning, m.width), "\n")
	if n := m.explainLines(); len(meaning) > n && !m.full {
		const more = " … f: all"
		meaning = meaning[:n]
		meaning[n-1] = ansi.Truncate(strings.TrimRight(meaning[n-1], " "), max(m.width, minWrap)-ansi.StringWidth(more), "") + more
	}
	out := append(m.noteTitle(c.Name, info), meaning...)
	if !param && isDateClaim(c.Name) {
		if at, ok, err := m.tok.NumericDate(c.Name); ok && err == nil {
			out = append(out, fmt.Sprintf("%s%s · %s", at.Format(time.DateTime+" UTC"), m.local(at), reltime.Describe(c.Name, at, m.now)))
		}
	}
	return out
}

// noteTitle is the note's first line, "name: Title · Ref", wrapped: the
// reference goes to a line of its own when the whole does not fit. A name
// wider than the window is cut there; f shows it whole (fullValue).
func (m Model) noteTitle(name string, info claimInfo) []string {
	head := ansi.Truncate(nameText(name), max(m.width-1, minWrap), "…") + ": " + info.Title
	if ansi.StringWidth(head+" · "+info.Ref) <= m.width {
		return []string{m.styles.Label.Render(head) + m.styles.Dim.Render(" · "+info.Ref)}
	}
	return []string{wrapIndent(0, m.styles.Label, head, m.width), wrapIndent(0, m.styles.Dim, "· "+info.Ref, m.width)}
}

// note is what claimExplanation says about a header parameter (param)
// or a claim called name.
func (m Model) note(name string, param bool) claimInfo {
	if !param {
		if info, ok := claimDocs[name]; ok {
			return info
		}
		// RFC 7519 §4.2: a new name "should either be registered in the
		// IANA 'JSON Web Token Claims' registry ... or be a Public Name: a
		// value that contains a Collision-Resistant Name"; §4.3: Private
		// Names are neither, and "are subject to collision".
		return claimInfo{"Claim", "Not one jwtlab has notes on. A name in IANA's JSON Web Token Claims registry, or a collision-resistant one such as a URI, is a Public Claim Name (§4.2); any other is a Private Claim Name, meaning what producer and consumer agreed, and may collide (§4.3).", "RFC 7519 §4.2, §4.3"}
	}
	docs := headerDocs
	if _, jwe := jweHeaderDocs[name]; jwe && m.tok.JWE != nil {
		docs = jweHeaderDocs
	}
	if info, ok := docs[name]; ok {
		return info
	}
	return claimInfo{"Header parameter", "Not one jwtlab has notes on; RFC 7515 §4.1 and RFC 7516 §4.1 register the JWS and JWE ones, RFC 7518 §4 more for JWE key management.", "RFC 7515 §4"}
}

// explainLines bounds a claim's explanation in the foot, so the body
// keeps most of a small window: a quarter of it, which holds every note
// whole at 80x24 and 60x20 (TestClaimNotesShowWhole). f lifts the bound.
func (m Model) explainLines() int { return max(2, m.height/4) }

// selection is the selected member's index, header parameters first,
// then claims, within the token's members; ok is false when it has none
// (at is then -1). It is the one reading of m.claim: the ▸ marker, the
// explanation, f and x all go through it, so they cannot disagree.
func (m Model) selection() (at int, ok bool) {
	n := len(m.tok.Params) + len(m.tok.Claims)
	if n == 0 {
		return -1, false
	}
	return max(min(m.claim, n-1), 0), true
}

// selected is the selected header parameter (param) or claim; ok is
// false when the token has neither.
func (m Model) selected() (c jose.Claim, param, ok bool) {
	i, ok := m.selection()
	if !ok {
		return c, false, false
	}
	if t := m.tok; i < len(t.Params) {
		return t.Params[i], true, true
	}
	return m.tok.Claims[i-len(m.tok.Params)], false, true
}

// fullValue is the member's whole value, pretty-printed and wrapped to
// the width: the claims above cut long values at the window's edge.
func (m Model) fullValue(c jose.Claim) []string {
	var v bytes.Buffer
	if json.Indent(&v, c.Value, "", "  ") != nil {
		v.Write(c.Value)
	}
	var out []string
	for _, l := range strings.Split(Escape(v.String()), "\n") {
		out = append(out, strings.Split(ansi.Hardwrap(l, max(m.width, 1), false), "\n")...)
	}
	if len(out) > fullValueMax {
		out = append(out[:fullValueMax], m.styles.Dim.Render(fmt.Sprintf("… %d more lines", len(out)-fullValueMax)))
	}
	// The whole name, wrapped: the claims above and the note cut a long one.
	return append([]string{wrapIndent(0, m.styles.Dim, nameText(c.Name)+", full value (f to hide):", m.width)}, out...)
}

// local is at in the reader's zone, " (22:55:55 CET)", with the date when
// it differs from the UTC one; "" when the zone is at offset 0 then, as
// the local time is the UTC one.
func (m Model) local(at time.Time) string {
	l := at.In(m.cfg.Location)
	if _, off := l.Zone(); off == 0 {
		return ""
	}
	layout := "15:04:05 MST"
	if l.Day() != at.UTC().Day() {
		layout = "Jan 2 15:04:05 MST"
	}
	return " (" + l.Format(layout) + ")"
}

func isDateClaim(name string) bool {
	switch name {
	case "exp", "nbf", "iat", "auth_time", "updated_at":
		return true
	}
	return false
}

// times lists the token's NumericDates as UTC and relative to the clock.
func (m Model) times() []string {
	var out []string
	for _, name := range []string{"iat", "nbf", "exp"} {
		at, ok, err := m.tok.NumericDate(name)
		if !ok || err != nil {
			continue
		}
		rel := reltime.Describe(name, at, m.now)
		style := m.styles.Dim
		if name == "exp" {
			style = m.styles.Good
			if !m.now.Before(at) {
				style = m.styles.Bad
			}
		}
		out = append(out, fmt.Sprintf("%-4s %s%s  %s", name, at.Format(time.DateTime+" UTC"), m.local(at), style.Render(rel)))
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
	if t.JWE != nil {
		return []string{
			m.row("alg", m.styles.Dim, Escape(t.Alg())+" · how the content key is given to the recipient (RFC 7518 §4)"),
			m.row("enc", m.styles.Dim, Escape(t.Enc())+" · how the claims are encrypted (RFC 7518 §5)"),
			m.row("status", m.styles.Warn, "encrypted (JWE): there is no signature to check; the tag authenticates the ciphertext for whoever holds the key, and jwtlab does not decrypt"),
		}
	}
	alg := t.Alg()
	desc := "not an algorithm jwtlab knows"
	if a, err := jose.Lookup(alg); err == nil {
		desc = a.Describe()
	} else if strings.EqualFold(alg, "none") {
		desc = "no signature at all"
	}
	input := t.SigningInput()
	signedHow := "is signed"
	if strings.EqualFold(alg, "none") {
		signedHow = `would be signed, but alg "none" signs nothing`
	}
	out := []string{
		m.row("alg", m.styles.Dim, Escape(alg)+" · "+desc),
		m.row("input", m.styles.Dim, fmt.Sprintf("BASE64URL(header) \".\" BASE64URL(payload), %d bytes, %s:", len(input), signedHow)),
		"        " + m.styles.Header.Render(ansi.Truncate(t.Segments[0], max(m.width/3, 8), "…")) + m.styles.Dot.Render(".") +
			m.styles.Payload.Render(ansi.Truncate(t.Segments[1], max(m.width/2, 8), "…")),
		label("sig") + fmt.Sprintf("%d bytes: %s", len(t.Signature), hexBytes(t.Signature, sigBytesShown)),
	}
	switch {
	case m.keyErr != nil:
		out = append(out, m.row("key", m.styles.Bad, "none: "+Escape(m.keyErr.Error())))
	case len(m.keyset) == 0:
		hint := "none · press e to give an HMAC secret, a PEM/JWK key file or a JWKS URL"
		if m.live != nil {
			hint = "none · press v to have the server verify the access token"
		}
		out = append(out, m.row("key", m.styles.Dim, hint))
	default:
		out = append(out, m.row("key", lipgloss.NewStyle(), Escape(m.keyLabel)))
	}
	switch {
	case strings.EqualFold(alg, "none"):
		out = append(out, m.row("status", m.styles.Bad, `alg "none": no signature at all; a verifier must refuse it`))
	case len(m.keyset) == 0:
		out = append(out, label("status")+m.styles.Dim.Render("not verified"))
	case m.verifyErr != nil:
		out = append(out, m.row("status", m.styles.Bad, Escape(m.verifyErr.Error())))
	default:
		pinned := m.cfg.Alg
		if pinned == "" {
			pinned = m.verified.PinnedAlg()
		}
		out = append(out, m.row("status", m.styles.Good, fmt.Sprintf("signature valid: %s, pinned %s, with the %s", Escape(alg), pinned, m.verified.Kind())))
		if jose.HasCode(m.warnings, jose.WarnExpired) {
			out = append(out, m.row("", m.styles.Bad, "but the token has expired: a verifier refuses it"))
		} else if jose.HasCode(m.warnings, jose.WarnNbfFuture) {
			out = append(out, m.row("", m.styles.Bad, "but the token is not valid yet (nbf): a verifier refuses it until then"))
		}
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

var (
	segmentNames    = [3]string{"header", "payload", "signature"}
	jweSegmentNames = [3]string{"protected header", "ciphertext", "authentication tag"} // the JWE segments a JWS's three map to
)

// bytesPanel shows one segment's base64url characters beside the bytes
// they decode to: every 4 characters carry 3 bytes (4 × 6 bits = 24).
func (m Model) bytesPanel() []string {
	t := m.tok
	text := t.Segments[m.segment]
	data := [3][]byte{t.HeaderJSON, t.Payload, t.Signature}[m.segment]
	style := [3]lipgloss.Style{m.styles.Header, m.styles.Payload, m.styles.Signature}[m.segment]
	name := segmentNames[m.segment]
	if t.JWE != nil {
		name = jweSegmentNames[m.segment]
	}
	out := []string{wrapIndent(0, m.styles.Dim, fmt.Sprintf("%s: %d base64url characters -> %d bytes (s: next segment); every 4 characters (4 x 6 bits) carry 3 bytes",
		name, len(text), len(data)), m.width)}
	bytesPerRow := rowBytes(m.width)
	rows := (len(data) + bytesPerRow - 1) / bytesPerRow
	charsPerRow := bytesPerRow / 3 * 4
	for r := range rows {
		chunk := data[r*bytesPerRow : min((r+1)*bytesPerRow, len(data))]
		chars := text[r*charsPerRow : min((r+1)*charsPerRow, len(text))]
		// Pad before styling: escape codes would upset %-16s.
		hexWidth := bytesPerRow*3 - 1 // "xx" per byte, one space between
		out = append(out, fmt.Sprintf("%s  %-*s  %s", style.Render(fmt.Sprintf("%-*s", charsPerRow, chars)), hexWidth, hexBytes(chunk, bytesPerRow), printable(chunk)))
	}
	return out
}

// rowBytes is how many bytes a byte-view row shows in width cells: a
// multiple of 3, so that each row's base64url characters are whole groups
// of 4 (4 x 6 bits = 3 bytes) and decode to that row's bytes alone. A row
// of n bytes takes 4n/3 characters, 3n-1 cells of hex, n of text and two
// gaps of 2: 16n/3 + 3 cells, so 12 bytes at 80 columns, 9 at 60; never
// fewer than 3, which a very narrow window cuts.
func rowBytes(width int) int {
	return max((width-3)*3/16/3*3, 3)
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
		out = append(out, m.styles.Warn.Render("! "+w.Code), "  "+strings.ReplaceAll(wrap(Escape(w.Message), m.width-2), "\n", "\n  "))
	}
	return out
}

func (m Model) livePanel() []string {
	l := m.live
	label := m.label
	out := []string{label("server") + nameText(l.server) + "  user " + nameText(l.username)}
	for _, tk := range []struct{ name, token string }{{"access", l.access}, {"refresh", l.refresh}} {
		t, err := jose.Parse(tk.token)
		if err != nil {
			continue
		}
		line := label(tk.name) + jti(tk.token)
		if exp, ok, err := t.NumericDate("exp"); ok && err == nil {
			line += " · " + reltime.Describe("exp", exp, m.now)
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
		style := lipgloss.NewStyle()
		if l.bad {
			style = m.styles.Bad
		}
		// Wrapped under its text, past the time: a log line is often a
		// server's whole reason, which a cut would lose.
		at := l.at.UTC().Format(time.TimeOnly) + " "
		out = append(out, m.styles.Dim.Render(at)+wrapIndent(len(at), style, Escape(l.text), m.width))
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

// row is a panel row: its label, then text in style, wrapped beside it.
func (m Model) row(name string, style lipgloss.Style, text string) string {
	return m.label(name) + wrapIndent(labelWidth, style, text, m.width)
}

// wrapIndent wraps s to fit in width after indent cells already used on
// its first line (a label, a time), each line in style, continuation
// lines indented to line up under the first.
func wrapIndent(indent int, style lipgloss.Style, s string, width int) string {
	lines := strings.Split(wrap(s, width-indent), "\n")
	for i, l := range lines {
		lines[i] = style.Render(strings.TrimRight(l, " "))
		if i > 0 {
			lines[i] = strings.Repeat(" ", indent) + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
