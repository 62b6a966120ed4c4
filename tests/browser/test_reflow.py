"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide no page a signed-in user reaches scrolls
sideways. A table too wide for the screen scrolls inside its own region, which has a name
and takes the keyboard focus, so it can be found and scrolled without a mouse."""

from .conftest import sign_in

SLUG = "childrens-services"
PHONE = {"width": 320, "height": 640}

PAGES = [
    "/plans/",
    f"/plans/{SLUG}/",
    f"/plans/{SLUG}/areas/1-1/",
    f"/plans/{SLUG}/actions/CLB4/",
    f"/plans/{SLUG}/actions/CLB4/edit/",
    "/my-actions/",
    f"/plans/{SLUG}/actions/CLB4/history/",
    f"/plans/{SLUG}/changes/",
    f"/plans/{SLUG}/compare/?from=2025-05-08&to=2025-11-12",
    f"/plans/{SLUG}/proposals/",
    f"/plans/{SLUG}/meetings/",
    f"/plans/{SLUG}/settings/",
    f"/plans/{SLUG}/committee/",
    f"/plans/{SLUG}/scorecard/",
    f"/plans/{SLUG}/scorecard/1/",
    f"/plans/{SLUG}/scorecard/import/",
]

# Every element reaching past the viewport's edges, judged by the scrolling box that holds
# it: there must be one, and it must fit the viewport, be a region with a name and be in
# the tab order. Returns what is wrong, one line per element (the first twenty).
PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => {
    const label = (el.getAttribute("aria-label") || "").trim();
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const text = ids.map((id) => document.getElementById(id)?.textContent || "").join(" ");
    return label || text.trim();
  };
  const describe = (el) => el.tagName.toLowerCase()
    + (el.id ? "#" + el.id : "") + [...el.classList].map((c) => "." + c).join("");
  const problems = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || (box.left >= -0.5 && box.right <= width + 0.5)) continue;
    let scroller = el.parentElement;
    while (scroller && !["auto", "scroll"].includes(getComputedStyle(scroller).overflowX)) {
      scroller = scroller.parentElement;
    }
    if (scroller === document.documentElement) scroller = null;  // the page itself
    const where = `${describe(el)} (${Math.round(box.left)} to ${Math.round(box.right)})`;
    if (!scroller) { problems.push(`${where} is in no scrolling region`); continue; }
    const outer = scroller.getBoundingClientRect();
    if (outer.left < -0.5 || outer.right > width + 0.5) {
      problems.push(`${where}: its scrolling box ${describe(scroller)} is too wide`);
    } else if (scroller.getAttribute("role") !== "region" || !name(scroller)) {
      problems.push(`${where}: ${describe(scroller)} is not a named region`);
    } else if (scroller.tabIndex < 0) {
      problems.push(`${where}: ${describe(scroller)} cannot take the keyboard focus`);
    }
  }
  return problems.slice(0, 20);
}"""


def sideways_problems(page):
    """What makes the page reflow badly at the viewport's width, as readable lines."""
    problems = page.evaluate(PROBLEMS)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE["width"]:
        problems.insert(0, f"the page is {scroll_width}px wide")
    return problems


def test_no_page_scrolls_sideways_on_a_320_pixel_screen(page, read_only_site):
    site = read_only_site
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/accounts/login/")
    found = {"/accounts/login/": sideways_problems(page)}
    sign_in(page, site, "manager")  # a plan manager reaches every page
    for path in PAGES:
        response = page.goto(site + path)
        assert response.status == 200, path
        found[path] = sideways_problems(page)
    assert {path: problems for path, problems in found.items() if problems} == {}


def test_a_wide_table_scrolls_in_a_named_region_the_keyboard_can_reach(page, read_only_site):
    """The check above is not vacuous: on a phone the actions table is wider than the
    screen, and Tab reaches its region, which is named by the table's caption."""
    site = read_only_site
    page.set_viewport_size(PHONE)
    sign_in(page, site, "officer")
    page.goto(f"{site}/my-actions/")
    region = page.get_by_role("region", name="My actions")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    page.get_by_role("link", name="Clear filters").focus()
    page.keyboard.press("Tab")
    assert region.evaluate("el => el === document.activeElement")
