import signal

from apscheduler.schedulers import SchedulerNotRunningError
from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.scheduling import catch_up, make_scheduler


class Command(BaseCommand):
    help = "定时任务：按时把任务放入后台队列（如每天 00:10 推进交流状态），由后台进程（db_worker）执行。启动时先补跑一次。"

    def handle(self, *args, **options):
        scheduler = make_scheduler()

        def stop(*_):
            # `make run` sends TERM to everything after Ctrl-C has already stopped it: a
            # second stop is no error (it printed one, at exit, before).
            try:
                scheduler.shutdown(wait=False)
            except SchedulerNotRunningError:
                pass

        signal.signal(signal.SIGTERM, stop)
        catch_up()
        now = timezone.localtime()
        for job in scheduler.get_jobs():
            next_run = job.trigger.get_next_fire_time(None, now)
            self.stdout.write(f"已安排：{job.id}，下次 {next_run:%Y-%m-%d %H:%M}（已先补跑一次）")
        try:
            scheduler.start()  # until SIGTERM or Ctrl-C
        except KeyboardInterrupt:
            stop()
        self.stdout.write("定时任务已停止。")
