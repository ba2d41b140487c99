from django.contrib.auth.decorators import login_not_required
from django.urls import path

from .api import DirectoryView

urlpatterns = [path("directory/", login_not_required(DirectoryView.as_view()), name="portal-directory-api")]
