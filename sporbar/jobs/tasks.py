from django_tasks import task

from . import services


@task()
def run_import(job_id: int) -> str:
    return services.run(job_id)
