"""The blank import templates staff download from the admin (headers and one example row)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from organizations.validators import credit_code_check_char

EXAMPLE_CODE = "91320600MAEXAMP10" + credit_code_check_char("91320600MAEXAMP10")

EXAMPLES = {
    "竞赛名称": "2018年全市职工创新升级竞赛",
    "年份": 2018,
    "企业名称": "示例精密机械有限公司",
    "统一社会信用代码": EXAMPLE_CODE,
    "参与职工数": 120,
    "班组数": 8,
    "合理化建议": 30,
    "技术革新攻关": 3,
    "先进操作法": 1,
    "经济效益（元）": 500000,
    "姓名": "张示例",
    "名次": 1,
    "奖项": "一等奖",
    "是否晋升技术等级": "是",
    "晋升等级": "技师",
}


def import_template_workbook(resource) -> bytes:
    headers = [field.column_name for field in resource.get_import_fields()]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "导入模板"
    sheet.append(headers)
    sheet.append([EXAMPLES.get(header, "") for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column_cells in sheet.columns:
        sheet.column_dimensions[column_cells[0].column_letter].width = 18
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
