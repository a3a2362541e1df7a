from tests.e2e.conftest import screenshot


def test_the_home_page_is_served_by_gunicorn_under_its_security_policy(portal, page):
    response = page.goto(portal.url + "/")
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    screenshot(page, "smoke-home")
