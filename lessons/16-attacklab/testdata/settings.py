# The settings.py that django-admin startproject (Django 3.2.25) wrote,
# committed unchanged: its SECRET_KEY is also simplejwt's SIGNING_KEY.
SECRET_KEY = 'django-insecure-807!66=ilksx1e6@jm8e==ni8p0t+zupuz_$1c@$*^6y3e%4)$'
