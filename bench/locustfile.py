"""One target per locust run (`bench.web` starts one run per page): BENCH_TARGET is JSON with the
path, the cookies of a signed-in session and, for a POST, the form data and the ids to post to."""

import json
import os

from locust import HttpUser, constant, task

TARGET = json.loads(os.environ["BENCH_TARGET"])
POST_IDS = iter(TARGET.get("ids", []))
EXPECTED = {"GET": 200, "POST": 302}


class PageUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        cookies = dict(TARGET.get("cookies", {}))
        self.headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if "csrftoken" in cookies:
            self.headers["X-CSRFToken"] = cookies["csrftoken"]

    @task
    def hit(self) -> None:
        method = TARGET["method"]
        if method == "POST":
            pk = next(POST_IDS, None)
            if pk is None:
                self.environment.runner.quit()
                return
            call = self.client.post(
                TARGET["path"].format(pk=pk),
                data=TARGET.get("data", {}),
                headers=self.headers,
                name=TARGET["name"],
                allow_redirects=False,
                catch_response=True,
            )
        else:
            call = self.client.get(
                TARGET["path"], headers=self.headers, name=TARGET["name"], allow_redirects=False, catch_response=True
            )
        with call as response:
            if response.status_code != EXPECTED[method]:
                response.failure(f"HTTP {response.status_code}")
