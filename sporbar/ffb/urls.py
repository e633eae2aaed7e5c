app_name = "ffb"
urlpatterns = []
