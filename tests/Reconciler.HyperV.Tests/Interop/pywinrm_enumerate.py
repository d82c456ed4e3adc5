"""Enumerates a CIM class with Debian's pywinrm (a third-party WinRM client) and prints each ElementName.

Usage: pywinrm_enumerate.py ENDPOINT USERNAME PASSWORD AUTH WQL

pywinrm builds its own envelope and, with message_encryption='always', seals every body with its
own NTLM session security (requests-ntlm / ntlm-auth) in WinRM's multipart/encrypted framing
(winrm/encryption.py). Exit status 0 only when it authenticated, the exchange was encrypted both
ways and the answer parsed.
"""
import sys
import uuid
import xml.etree.ElementTree as ET

import xmltodict
from winrm.protocol import Protocol

endpoint, username, password, auth, wql = sys.argv[1:6]
protocol = Protocol(endpoint=endpoint, transport=auth, username=username, password=password,
                    message_encryption='always', server_cert_validation='ignore')

request = {'env:Envelope': protocol._get_soap_header(
    action='http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate',
    resource_uri='http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*',
    message_id=uuid.uuid4())}
request['env:Envelope']['env:Body'] = {'n:Enumerate': {
    'w:OptimizeEnumeration': None,
    'w:MaxElements': '100',
    'w:Filter': {'@Dialect': 'http://schemas.microsoft.com/wbem/wsman/1/WQL', '#text': wql},
}}

answer = protocol.send_message(xmltodict.unparse(request))
if protocol.transport.encryption is None:
    sys.exit('pywinrm did not set up message encryption')

root = ET.fromstring(answer)
names = [e.text for e in root.iter() if e.tag.endswith('}ElementName') and e.text]
if not names:
    sys.exit('no instance in the answer: ' + (answer.decode() if isinstance(answer, bytes) else answer))
for name in names:
    print(name)
