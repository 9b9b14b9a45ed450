// Package python reproduces, in pure functions, the few behaviours of
// CPython 3.11 that DRF puts on the wire: json.loads's error messages,
// str() and repr() of the numbers it decodes, type names, str.strip(),
// len(), the lone surrogates a str can hold, and how Django's QueryDict
// reads a form body. A server that answers like DRF + simplejwt needs the same
// words and the same characters, so each function is checked against
// text Python itself wrote (testdata/).
package python
