"""What a clerk reads when a file is refused: one Chinese sentence each, naming the row and the
column (or the missing columns), never an exception's text or a Python repr."""

#: the file cannot be read as a spreadsheet at all
UNREADABLE = (
    "无法读取该文件：它不是 xlsx 或 CSV 表格，或文件已损坏。请用 Excel/WPS 另存为 .xlsx 后重试。"
)
#: an old binary Excel file (.xls)
OLD_EXCEL = "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中另存为 .xlsx 后再导入。"
#: a CSV file in an encoding we cannot recognise
ENCODING = "CSV 文件编码无法识别，请另存为 UTF-8 或 GBK 编码。"
#: no file chosen (or an empty one the browser did not send)
NO_FILE = "请选择要导入的文件（xlsx 或 CSV）。"
#: a file with a header row and nothing below it
EMPTY = "文件中没有数据：请在第1行表头下方逐行填写要导入的记录后再导入。"
#: a file larger than the import limit
TOO_LARGE = "文件过大（%(size).1f MB），单次导入不能超过 %(limit)d MB，请分批导入。"
#: required columns missing from the header row
MISSING_COLUMNS = "文件缺少必需的列：%s。请下载导入模板，按模板的列名填写。"
#: a formula cell
FORMULA = "第%(row)d行“%(column)s”列是公式，请改为填写数值或文字。"
#: a cell far longer than any field takes
HUGE_CELL = "第%(row)d行“%(column)s”列内容过长（%(length)d 个字符），请核对。"
#: a cell refused by its reader: row, column, what the reader says
CELL = "第%(row)d行“%(column)s”列：%(message)s"
#: what the database refused at the end of an import (a unique rule, usually)
CONFLICT = (
    "导入未完成，没有写入任何记录：其中有记录刚刚已由他人导入或录入（可能有两人同时确认了同一文件）。"
    "请重新上传文件预览，已存在的记录会显示为“更新”或“跳过”。"
)
#: the uploaded file is gone (already confirmed, or abandoned too long ago)
UPLOAD_GONE = (
    "这次导入已经确认过，或上传的文件已过期清除，没有写入任何记录。请重新上传文件预览后再确认。"
)
#: anything else that went wrong: the details go to the server's log, never to the page
UNEXPECTED = (
    "导入未完成，没有写入任何记录：处理文件时出现意外错误，已记录，请稍后重试或联系系统管理员。"
)
#: a row's error that no column claims
ROW = "第%(row)d行：%(message)s"


def cell(*, row: int, column: str, message: str) -> str:
    return CELL % {"row": row, "column": column, "message": message}


#: a file large enough to go to the background
QUEUED = (
    "文件有 %d 行，已转入后台导入：先逐行检查，全部无误才写入，任何一行有错则整个文件都不写入。"
)
