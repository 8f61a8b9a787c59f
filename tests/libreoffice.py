"""LibreOffice as a reader of our DOCX: accept or reject every tracked change, headless,
through a Basic macro, and save the text (File > Save As > Text, as a user would)."""

from __future__ import annotations

import subprocess
from pathlib import Path

MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub Export(path As String, mode As String, target As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(path), &quot;_blank&quot;, 0, args())
  dispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  frame = doc.getCurrentController().getFrame()
  If mode = &quot;accept&quot; Then
    dispatcher.executeDispatch(frame, &quot;.uno:AcceptAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  ElseIf mode = &quot;reject&quot; Then
    dispatcher.executeDispatch(frame, &quot;.uno:RejectAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  End If
  Dim out(1) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;Text (encoded)&quot;
  out(1).Name = &quot;FilterOptions&quot;
  out(1).Value = &quot;UTF8&quot;
  doc.storeToURL(ConvertToURL(target), out())
  doc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
"""


def make_profile(folder: Path) -> Path:
    """A LibreOffice user profile of our own, holding the macro (a profile's own Basic
    library is trusted, so no security prompt stands in the way)."""
    url = folder.resolve().as_uri()
    subprocess.run(
        ["soffice", "--headless", "--terminate_after_init", f"-env:UserInstallation={url}"],
        check=True,
        capture_output=True,
        timeout=180,
    )
    module = folder / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.parent.is_dir(), "LibreOffice made no Standard Basic library"
    module.write_text(MODULE, "utf-8")
    return folder


def text_after(profile: Path, docx: Path, mode: str, target: Path) -> str:
    """The DOCX's text as LibreOffice saves it after ``mode``: "accept" or "reject" every
    tracked change, or "none" (as it opens, changes shown)."""
    call = f'macro:///Standard.Module1.Export("{docx.resolve()}","{mode}","{target.resolve()}")'
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            call,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return target.read_text("utf-8-sig")
