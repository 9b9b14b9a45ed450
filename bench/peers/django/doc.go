// Package django holds the Django + DRF + simplejwt peer that jwtlab bench
// compares against: a minimal Django project (manage.py, peer/) with the
// settings a DRF + simplejwt tutorial gives, and the scripts that install it
// from Debian's packages and run it as runserver (run-dev.sh) or as gunicorn
// behind nginx (run-prod.sh), or tuned (run-tuned.sh). See README.md. The
// Go code here is its test, which proves tokens cross between simplejwt and
// golang-jwt both ways, and Quote, through which lesson 18 prints the
// tuned settings as they ship.
package django
