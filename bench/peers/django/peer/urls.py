from django.contrib import admin
from django.urls import path

from peer.routes import api_routes

urlpatterns = [path("admin/", admin.site.urls)] + api_routes()
