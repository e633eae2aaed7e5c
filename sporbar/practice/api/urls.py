"""REST API of the promising-practice app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("promising-practice", views.ProfileViewSet, basename="promising-practice")
router.register("promising-practice-matrix", views.MatrixViewSet, basename="promising-practice-matrix")
urlpatterns = router.urls
