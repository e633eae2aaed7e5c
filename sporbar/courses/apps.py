from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "sporbar.courses"
    label = "courses"
    verbose_name = "Borgerforløb"
