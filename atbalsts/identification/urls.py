app_name = "identification"
urlpatterns: list = []
