"""The annual report shows the rights (维权) and worker-service (普惠服务) groups like the others:
their figures, a chart of the years, a by-district chart where the records have districts."""

import pytest

from reports.services import rollup_compute
from tests.assistance.factories import CountyUnionFactory
from tests.factories import DistrictFactory
from tests.rights.factories import ContractFactory
from tests.welfare.factories import LineFactory

pytestmark = pytest.mark.django_db


def test_the_year_page_shows_rights_and_services_with_their_charts(client):
    for name in ("崇川区", "通州区"):
        union = CountyUnionFactory(district=DistrictFactory(name=name))
        for _ in range(3):
            ContractFactory(union=union, enterprise__district=union.district)
            LineFactory(union=union, values={"workers_visited": 40, "goods_yuan": "900"})
    for year in (2017, 2018):
        rollup_compute(year=year)

    page = client.get("/reports/2018/").content.decode()
    assert "集体协商与劳动法律监督" in page and "普惠服务" in page
    assert '<data class="figure-card__value" value="6"' in page  # six enterprises with contracts
    assert '<data class="figure-card__value" value="240"' in page  # workers visited
    for chart in ("rights", "services", "services-money", "district-heat_visits"):
        assert f"/reports/2018/charts/{chart}.svg" in page
        assert client.get(f"/reports/2018/charts/{chart}.svg").status_code == 200
