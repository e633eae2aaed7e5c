"""REST API of the plans app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plans")
router.register("themes", views.ThemeViewSet, basename="themes")
router.register("tracks", views.TrackViewSet, basename="tracks")
router.register("initiatives", views.InitiativeViewSet, basename="initiatives")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-lines")
router.register("spendings", views.SpendingViewSet, basename="spendings")
router.register("status-updates", views.StatusUpdateViewSet, basename="status-updates")
urlpatterns = router.urls
