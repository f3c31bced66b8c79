"""The child's voice (``urls_voice``) and the child's registers (``urls_registers``)."""

from stemme.participation import urls_registers, urls_voice

app_name = "participation"

urlpatterns = urls_voice.urlpatterns + urls_registers.urlpatterns
