"""REST API of the governance app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("meetings", views.MeetingViewSet, basename="meetings")
router.register("proposals", views.ProposalViewSet, basename="proposals")
router.register("followups", views.FollowUpViewSet, basename="followups")
router.register("hearings", views.HearingViewSet, basename="hearings")
urlpatterns = router.urls
