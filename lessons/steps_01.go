package lessons

import (
	"encoding/hex"
	"fmt"
	"io"

	segments "jwtlab/lessons/01-segments"
)

var lesson01 = spec{
	number: 1, slug: "01-segments", title: "Segments",
	summary: "a token is three base64url strings joined by dots; split and decode one by hand",
	steps: []stepSpec{
		{section: "Three strings joined by dots", example: "ExampleSplit", decls: []string{"Split"},
			run: func(w io.Writer) error {
				header, payload, signature, err := segments.Split(segments.AccessToken())
				if err != nil {
					return err
				}
				fmt.Fprintln(w, "header:   ", header)
				fmt.Fprintln(w, "payload:  ", payload[:40]+"...")
				fmt.Fprintln(w, "signature:", signature)
				return nil
			}},
		{section: "Decode the header and the payload", example: "ExampleDecode", decls: []string{"Decode"},
			run: func(w io.Writer) error {
				header, payload, _, _ := segments.Split(segments.AccessToken())
				for _, seg := range []string{header, payload} {
					b, err := segments.Decode(seg)
					if err != nil {
						return err
					}
					fmt.Fprintln(w, string(b))
				}
				return nil
			}},
		{section: "The signature is raw bytes", example: "ExampleDecode_signature",
			run: func(w io.Writer) error {
				_, _, signature, _ := segments.Split(segments.AccessToken())
				tag, err := segments.Decode(signature)
				if err != nil {
					return err
				}
				fmt.Fprintln(w, len(tag), "bytes")
				fmt.Fprintln(w, hex.EncodeToString(tag))
				return nil
			}},
		{section: "Anything but three parts is not a token", example: "ExampleSplit_wrongCount", decls: []string{"ErrSegments"},
			run: func(w io.Writer) error {
				for _, s := range []string{"", "eyJ.eyJ", "a.b.c.d", "a.b.c.d.e"} {
					_, _, _, err := segments.Split(s)
					fmt.Fprintf(w, "%q: %v\n", s, err)
				}
				return nil
			}},
	},
}
