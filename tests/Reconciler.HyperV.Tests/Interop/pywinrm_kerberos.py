"""Enumerates a CIM class over HTTP with Kerberos message encryption, framed by pywinrm.

Usage: pywinrm_kerberos.py ENDPOINT WQL   (KRB5_CONFIG, KRB5_CLIENT_KTNAME, KRB5CCNAME set)

Debian's pykerberos has no authGSSWinRMEncryptMessage, so pywinrm cannot seal Kerberos messages
by itself. This script gives pywinrm's own Encryption class (winrm/encryption.py: the MIME
framing, the signature length, the OriginalContent length check) the wrap_winrm/unwrap_winrm
pair it expects from requests-kerberos, written as pykerberos writes them in C
(kerberosgss.c): gss_wrap_iov with a HEADER, the DATA and a PADDING buffer, and gss_unwrap_iov
of HEADER + DATA, through python-gssapi over MIT GSSAPI. A sealed body whose layout is not
gss_wrap_iov's (header = token header + rotated trailer, data in place) fails to unwrap here.
"""
import base64
import sys
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import gssapi
import requests
import xmltodict
from gssapi.raw import IOV, IOVBufferType, unwrap_iov, wrap_iov
from winrm.encryption import Encryption
from winrm.protocol import Protocol

endpoint, wql = sys.argv[1:3]
host = urlsplit(endpoint).hostname
flags = [gssapi.RequirementFlag.mutual_authentication, gssapi.RequirementFlag.out_of_sequence_detection,
         gssapi.RequirementFlag.integrity, gssapi.RequirementFlag.confidentiality]
context = gssapi.SecurityContext(name=gssapi.Name('HTTP@' + host, gssapi.NameType.hostbased_service),
                                 mech=gssapi.MechType.kerberos, flags=flags, usage='initiate')

session = requests.Session()
session.trust_env = False
headers = {'Content-Type': 'application/soap+xml;charset=UTF-8'}


def challenge(response):
    value = response.headers.get('WWW-Authenticate', '')
    return base64.b64decode(value.split(' ', 1)[1]) if value.startswith('Negotiate ') else None


# The handshake, as pywinrm's setup_encryption sends it: an empty POST with the token.
token = context.step()
while True:
    response = session.post(endpoint, data=b'', headers=dict(headers, Authorization='Negotiate ' + base64.b64encode(token).decode()))
    incoming = challenge(response)
    if response.status_code == 200:
        if incoming:
            context.step(incoming)
        break
    if response.status_code != 401 or incoming is None:
        sys.exit('handshake refused: HTTP %d' % response.status_code)
    token = context.step(incoming)
if not context.complete:
    sys.exit('the host did not complete mutual authentication')


class KerberosWinRM(object):
    """wrap_winrm / unwrap_winrm as requests-kerberos exposes them to pywinrm."""

    def wrap_winrm(self, host, message):
        iov = IOV(IOVBufferType.header, message, IOVBufferType.padding, std_layout=False)
        wrap_iov(context, iov, confidential=True)
        return iov[1].value + (iov[2].value or b''), iov[0].value

    def unwrap_winrm(self, host, message, header):
        iov = IOV((IOVBufferType.header, False, header), message, (IOVBufferType.data, False, b''), std_layout=False)
        unwrap_iov(context, iov)
        return iov[1].value


class Holder(object):
    auth = KerberosWinRM()


encryption = Encryption(Holder(), 'kerberos')
protocol = Protocol(endpoint=endpoint, transport='plaintext', username='unused', password='unused')
request = {'env:Envelope': protocol._get_soap_header(
    action='http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate',
    resource_uri='http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*',
    message_id=uuid.uuid4())}
request['env:Envelope']['env:Body'] = {'n:Enumerate': {
    'w:OptimizeEnumeration': None,
    'w:MaxElements': '100',
    'w:Filter': {'@Dialect': 'http://schemas.microsoft.com/wbem/wsman/1/WQL', '#text': wql},
}}
prepared = encryption.prepare_encrypted_request(session, endpoint, xmltodict.unparse(request).encode('utf-8'))
response = session.send(prepared)
if response.status_code != 200:
    sys.exit('HTTP %d: %r' % (response.status_code, response.content[:200]))
if 'multipart/encrypted' not in response.headers.get('Content-Type', ''):
    sys.exit('the answer was not encrypted: ' + response.headers.get('Content-Type', ''))
answer = encryption.parse_encrypted_response(response)

root = ET.fromstring(answer)
names = [e.text for e in root.iter() if e.tag.endswith('}ElementName') and e.text]
if not names:
    sys.exit('no instance in the answer')
for name in names:
    print(name)
